// Provenance of translated texts (issue #16): per language, who wrote the record's texts in that
// language, when, and whether a person reviewed them. A map keyed by language code, each value a
// small flat object: no nested arrays and no '.' or '$' in keys (FerretDB v1). Whether the local
// text changed since is not stored: it is read by comparing `at` with when the local text
// last changed (`textUpdatedAt[local]`).
import { Schema } from 'mongoose';
import { LANGUAGE_CODE } from './vocabulary';

export const TRANSLATION_SOURCES = ['provider', 'translator', 'imported', 'demo'] as const;
export type TranslationSource = (typeof TRANSLATION_SOURCES)[number];

export interface TranslationMark {
  by: TranslationSource;
  at: Date;
  reviewed?: boolean;
  /** The translator's account, for the audit trail; never shown to readers. */
  user?: unknown;
}

const markSchema = new Schema(
  {
    by: { type: String, enum: TRANSLATION_SOURCES, required: true },
    at: { type: Date, required: true },
    reviewed: { type: Boolean, default: false },
    user: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { _id: false },
);

export function translationMarks() {
  return {
    type: Map,
    of: markSchema,
    default: undefined,
    validate: {
      validator: (value: Map<string, unknown> | undefined) =>
        !value || [...value.keys()].every((key) => LANGUAGE_CODE.test(key)),
      message: 'translation keys must be language codes',
    },
  };
}

/** When each language's texts last changed (the local one decides what is outdated). */
export const textUpdatedAtMap = () => ({ type: Map, of: Date, default: undefined });
