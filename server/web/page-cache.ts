// Rendered pages, kept briefly: the same searches and listings come back again and again (popular
// topics, reloads, back button), and rendering a page with every filter and its counts costs
// far more than looking it up. An entry is valid while the index has not changed since it was
// made (version) and for `ttlMs` at most: an hour (dates in the page) with the embedded engine,
// a few seconds with Meilisearch, so changes made by other instances show up quickly too.
// A page is kept as the bytes to send and their ETag, computed once: re-encoding and hashing
// ~30 KB on every hit was a measurable share of a cached answer, and the ETag lets a phone that
// already has the page get a 304 instead of the bytes.
import type { NextFunction, Request, Response } from 'express';
import etag from 'etag';
import { LRUCache } from 'lru-cache';

export interface CachedPage {
  body: Buffer;
  etag: string;
}

export function createPageCache(options: { size?: number; ttlMs?: number } = {}) {
  const size = options.size ?? 300;
  const ttlMs = options.ttlMs ?? 5_000;
  // The least recently used page makes room; expiry is checked here, against the caller's clock.
  const entries = new LRUCache<string, CachedPage & { version: number; expires: number }>({
    max: size,
  });
  return {
    get(key: string, version: number, now = Date.now()): CachedPage | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.version !== version || entry.expires < now) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key: string, html: string, version: number, now = Date.now()) {
      const body = Buffer.from(html);
      entries.set(key, { body, etag: etag(body, { weak: true }), version, expires: now + ttlMs });
    },
  };
}

/** Answers with a kept page; Express answers 304 itself when the browser's copy matches. */
export function sendCachedPage(res: Response, page: CachedPage): void {
  res.setHeader('ETag', page.etag);
  res.type('html').send(page.body);
}

/**
 * Middleware for public GET pages whose content follows the search index version (every write
 * to a service, its sessions, organisation, places or category bumps it): anonymous visitors
 * get the page from memory. Signed-in people (account bar, form tokens) always get a fresh one.
 */
export function cachePublicPages(options: {
  version: () => number;
  ttlMs: number;
  /** Which paths (relative to where it is mounted) are cached. */
  paths: RegExp;
  size?: number;
}) {
  const cache = createPageCache({ ttlMs: options.ttlMs, size: options.size ?? 500 });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || res.locals.actor || !options.paths.test(req.path)) {
      next();
      return;
    }
    const key = req.originalUrl;
    const version = options.version();
    const hit = cache.get(key, version);
    if (hit !== undefined) {
      sendCachedPage(res, hit);
      return;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && typeof body === 'string') cache.set(key, body, version);
      return send(body);
    };
    next();
  };
}
