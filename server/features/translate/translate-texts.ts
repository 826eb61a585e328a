// What a translator may write of each kind of record, and how a record's texts read in one
// language (issue #16). Only texts: every write names its fields from TEXT_FIELDS, never from
// the request. Lists (a service's documents, a need's search terms) are one line each.
import type { TranslatableKind } from '../../models/pending-translation';
import { read, translationState } from '../../i18n/provenance';

/** The texts of each kind a translator may write, and where each lives on the record. */
export const TEXT_FIELDS = {
  service: ['name', 'summary', 'description', 'accessNote', 'documents'],
  location: ['transport'],
  organisation: ['description'],
  need: ['name', 'terms'],
} as const satisfies Record<TranslatableKind, readonly string[]>;
/** Fields stored as a list per language, written one item a line. */
export const LIST_FIELDS: readonly string[] = ['documents', 'terms'];
export type Texts = Record<string, string>;
export type Plain = Record<string, unknown>;

const PATHS: Record<string, string> = { accessNote: 'access.note' };
export const pathOf = (field: string) => PATHS[field] ?? field;

/** A record's texts in one language, lists as one line each. */
export function textsIn(kind: TranslatableKind, record: Plain, lang: string): Texts {
  const texts: Texts = {};
  for (const field of TEXT_FIELDS[kind]) {
    const value = read(
      pathOf(field)
        .split('.')
        .reduce<unknown>((v, k) => (v as Plain | undefined)?.[k], record) as Plain,
      lang,
    );
    texts[field] = Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
  }
  return texts;
}

/** Missing: a text the local language has and this one lacks. Outdated: see server/i18n/provenance.ts. */
export function stateOf(kind: TranslatableKind, record: Plain, lang: string, local: string) {
  const localTexts = textsIn(kind, record, local);
  const own = textsIn(kind, record, lang);
  if (Object.keys(localTexts).some((f) => localTexts[f] && !own[f])) return 'missing' as const;
  return translationState(record, lang, local).outdated ? ('outdated' as const) : null;
}

/** A field of a plain record that should hold a text (slugs, names of places and organisations). */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What the queue and the editor call a record: its local name (services and needs). */
export const titleOf = (kind: TranslatableKind, record: Plain, local: string) =>
  kind === 'service' || kind === 'need'
    ? (read(record.name as Texts, local) ?? textOf(record.slug))
    : textOf(record.name);

export const localChangedAt = (record: Plain, local: string) =>
  new Date(
    (read(record.textUpdatedAt as Record<string, Date>, local) ?? record.updatedAt ?? 0) as Date,
  );
