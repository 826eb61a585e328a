// Organisation (HSDS organization): the provider that runs services.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { translatedText } from './translated-text';
import { textUpdatedAtMap, translationMarks } from './translation-marks';
import { importedFromField } from './imported-from';
import { indexUuid, uuidField } from './uuid';
import { EMAIL, SLUG } from './vocabulary';

export function buildOrganisationSchema(localLanguage: string) {
  const schema = new Schema(
    {
      /** HSDS organization.id (models/uuid.ts). */
      uuid: uuidField(),
      /** Set by an HSDS import (models/imported-from.ts). */
      importedFrom: importedFromField(),
      slug: { type: String, required: true, unique: true, match: SLUG, maxlength: 120 },
      name: { type: String, required: true, trim: true, maxlength: 200 },
      description: translatedText({ requiredLanguage: localLanguage, maxLength: 2000 }),
      website: { type: String, trim: true, match: /^https?:\/\/\S+$/, maxlength: 300 },
      email: { type: String, trim: true, lowercase: true, match: EMAIL },
      phone: { type: String, trim: true, match: /^[+\d][\d\s().-]{5,24}$/ },
      verified: { type: Boolean, default: false },
      /** Set by a coordinator: this organisation's edits publish without review. */
      trusted: { type: Boolean, default: false },
      /** Description: when each language last changed, and who translated it. */
      textUpdatedAt: textUpdatedAtMap(),
      translations: translationMarks(),
    },
    { timestamps: true },
  );
  indexUuid(schema);
  return schema;
}

export type OrganisationDoc = InferSchemaType<ReturnType<typeof buildOrganisationSchema>>;
