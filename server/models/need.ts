// Need (HSDS 3 taxonomy_term of the "needs" taxonomy): what a newcomer needs, below the 13
// categories (dentist, eviction, bank account…). Each has a name and the words people type for
// it in every language; services list the needs they meet, and search finds a service by them.
// A need is known by its slug: stable (never changes once created), readable in URLs and in
// services' `needs` lists.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { translatedList, translatedText } from './translated-text';
import { importedFromField } from './imported-from';
import { translationMarks, textUpdatedAtMap } from './translation-marks';
import { indexUuid, uuidField } from './uuid';
import { CATEGORY_SLUGS, SLUG } from './vocabulary';

/** The HSDS taxonomy these terms belong to (taxonomy.name in an HSDS export). */
export const NEEDS_TAXONOMY = 'onestop-needs';

/** Terms as stored: trimmed, without empty ones or repeats (case-insensitive). */
export function cleanTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of terms) {
    const term = raw.trim().replace(/\s+/g, ' ');
    const key = term.toLocaleLowerCase();
    if (!term || seen.has(key)) continue;
    seen.add(key);
    kept.push(term);
  }
  return kept;
}

/** Search terms a need keeps per language, and the length of each (translatedList's maxlength). */
export const MAX_TERMS = 200;
export const MAX_TERM = 300;

/** Terms typed one a line fit what a need stores (the coordinator's and the translator's forms). */
export function termsFit(text: string | undefined): boolean {
  const terms = cleanTerms((text ?? '').split('\n'));
  return terms.length <= MAX_TERMS && terms.every((t) => t.length <= MAX_TERM);
}

interface NeedTexts {
  name: Record<string, string>;
  terms: Record<string, string[]>;
}

/** Languages whose name or terms differ between two versions of a need. */
export function changedLanguages(a: NeedTexts, b: NeedTexts): string[] {
  const all = [a.name, b.name, a.terms, b.terms].flatMap((m) => Object.keys(m));
  return [...new Set(all)].filter(
    (lng) =>
      (a.name[lng] ?? '').trim() !== (b.name[lng] ?? '').trim() ||
      (a.terms[lng] ?? []).join('|') !== (b.terms[lng] ?? []).join('|'),
  );
}

export function buildNeedSchema(localLanguage: string) {
  const schema = new Schema(
    {
      /** HSDS taxonomy_term.id (models/uuid.ts). */
      uuid: uuidField(),
      /** Set by an HSDS import (models/imported-from.ts). */
      importedFrom: importedFromField(),
      /** Services point to a need by its slug, so it never changes once created. */
      slug: { type: String, required: true, unique: true, match: SLUG, maxlength: 80 },
      /** HSDS taxonomy_term.parent for a top-level need: one of the 13 categories. */
      category: { type: String, enum: CATEGORY_SLUGS, required: true },
      /** HSDS taxonomy_term.parent: a broader need of the same category, or none. */
      parent: { type: String, match: SLUG, default: null },
      name: translatedText({ requiredLanguage: localLanguage, maxLength: 120 }),
      /** Search terms per language: everyday words, plurals, misspellings, the official term.
       * A map of lists (no nested arrays: FerretDB v1 stores it as it stores category keywords). */
      terms: translatedList(),
      /** Merged into another need by a coordinator: kept (so the vocabulary files do not bring
       * it back at the next start) but no longer offered, its services moved to the target. */
      mergedInto: { type: String, match: SLUG, default: null },
      /** Who wrote the name and terms of each language (models/translation-marks.ts). */
      translations: translationMarks(),
      /** When each language's name or terms last changed (the local one decides outdated). */
      textUpdatedAt: textUpdatedAtMap(),
    },
    { timestamps: true, versionKey: false },
  );
  schema.pre('validate', function () {
    if (this.parent && this.parent === this.slug) this.invalidate('parent', 'not itself');
  });
  indexUuid(schema);
  return schema;
}

export type NeedDoc = InferSchemaType<ReturnType<typeof buildNeedSchema>>;
