// A translator's save waiting for the coordinator (issue #16): translators the coordinator has not
// marked as trusted propose texts; approving applies them, rejecting drops them. Texts are a flat
// map field → text (documents one per line): no nested arrays (FerretDB v1).
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { LANGUAGE_CODE } from './vocabulary';

export const TRANSLATABLE_KINDS = ['service', 'location', 'organisation', 'need'] as const;
export type TranslatableKind = (typeof TRANSLATABLE_KINDS)[number];

export function buildPendingTranslationSchema() {
  return new Schema(
    {
      kind: { type: String, enum: TRANSLATABLE_KINDS, required: true },
      subject: { type: Schema.Types.ObjectId, required: true },
      lang: { type: String, required: true, match: LANGUAGE_CODE },
      texts: { type: Map, of: { type: String, maxlength: 5000 }, required: true },
      user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      userEmail: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  );
}

export type PendingTranslationDoc = InferSchemaType<
  ReturnType<typeof buildPendingTranslationSchema>
>;
