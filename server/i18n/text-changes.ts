// When a provider saves a place or an organisation profile (issue #16): the languages whose text
// changed get a new `textUpdatedAt`, so a change of the local text shows the translations made
// before it as outdated; another language the provider wrote is marked as theirs.
type TextMap = Record<string, string | null | undefined> | Map<string, string> | undefined | null;

const entries = (map: TextMap): Record<string, string> => {
  if (!map) return {};
  const plain = map instanceof Map ? Object.fromEntries(map) : map;
  return Object.fromEntries(
    Object.entries(plain).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
};

export function noteTextChanges(
  record: { set(path: string, value: unknown): unknown },
  before: TextMap,
  after: TextMap,
  options: { localLanguage: string; at: Date },
): string[] {
  const was = entries(before);
  const now = entries(after);
  const changed = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter(
    (lng) => /^[a-z]{2,3}$/.test(lng) && (was[lng] ?? '').trim() !== (now[lng] ?? '').trim(),
  );
  for (const lng of changed) {
    record.set(`textUpdatedAt.${lng}`, options.at);
    if (lng !== options.localLanguage && now[lng]?.trim()) {
      record.set(`translations.${lng}`, { by: 'provider', at: options.at, reviewed: true });
    }
  }
  return changed;
}
