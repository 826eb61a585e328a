// Rendered search pages, kept briefly: the same searches come back again and again (popular
// topics, reloads, back button), and rendering a page with every filter and its counts costs
// far more than looking it up. An entry is valid while the index has not changed since it was
// made (version) and for `ttlMs` at most: an hour (dates in the page) with the embedded engine,
// a few seconds with Meilisearch, so changes made by other instances show up quickly too.
export function createPageCache(options: { size?: number; ttlMs?: number } = {}) {
  const size = options.size ?? 300;
  const ttlMs = options.ttlMs ?? 5_000;
  const entries = new Map<string, { html: string; version: number; expires: number }>();
  return {
    get(key: string, version: number, now = Date.now()): string | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.version !== version || entry.expires < now) {
        entries.delete(key);
        return undefined;
      }
      return entry.html;
    },
    set(key: string, html: string, version: number, now = Date.now()) {
      if (entries.size >= size) entries.delete(entries.keys().next().value!);
      entries.set(key, { html, version, expires: now + ttlMs });
    },
  };
}
