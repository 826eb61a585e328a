// Service (HSDS service): what a newcomer can use. Only `published` services are public.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { buildCostSchema } from './cost';
import { buildRevisionSchema } from './revision';
import { translationMarks } from './translation-marks';
import { translatedList, translatedText, weeklySlotSchema } from './translated-text';
import { importedFromField } from './imported-from';
import { indexUuid, uuidField } from './uuid';
import {
  ACCESS_MODES,
  CATEGORY_SLUGS,
  DELIVERY_MODES,
  EMAIL,
  LANGUAGE_CODE,
  RESIDENCE_STATUSES,
  SERVICE_STATUSES,
  SLUG,
} from './vocabulary';

export function buildServiceSchema(localLanguage: string) {
  const schedule = new Schema(
    {
      validFrom: { type: Date },
      validUntil: { type: Date },
      weekly: { type: [weeklySlotSchema], default: [] },
      exceptions: {
        type: [
          new Schema(
            {
              date: { type: Date, required: true },
              closed: { type: Boolean, default: true },
              note: translatedText({ maxLength: 300 }),
            },
            { _id: false },
          ),
        ],
        default: [],
      },
    },
    { _id: false },
  );
  schedule.pre('validate', function () {
    if (this.validFrom && this.validUntil && this.validUntil < this.validFrom) {
      this.invalidate('validUntil', 'must not be before validFrom');
    }
  });

  const schema = new Schema(
    {
      /** HSDS service.id (models/uuid.ts). */
      uuid: uuidField(),
      /** Set by an HSDS import (models/imported-from.ts). */
      importedFrom: importedFromField(),
      slug: { type: String, required: true, unique: true, match: SLUG, maxlength: 120 },
      organisation: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
      category: { type: String, enum: CATEGORY_SLUGS, required: true },
      /** Slugs of the needs (models/need.ts) the service meets: search finds it by their words. */
      needs: { type: [{ type: String, match: SLUG, maxlength: 80 }], default: [] },
      name: translatedText({ requiredLanguage: localLanguage, maxLength: 200 }),
      summary: translatedText({ requiredLanguage: localLanguage, maxLength: 300 }),
      description: translatedText({ requiredLanguage: localLanguage, maxLength: 5000 }),
      /** ISO 639-1 codes of the languages the service is given in. */
      languages: {
        type: [{ type: String, match: LANGUAGE_CODE }],
        validate: { validator: (v: string[]) => v.length > 0, message: 'at least one language' },
      },
      interpretationOnRequest: { type: Boolean, default: false },
      cost: { type: buildCostSchema(), required: true },
      eligibility: {
        residenceStatus: { type: [{ type: String, enum: RESIDENCE_STATUSES }], default: ['any'] },
        ageMin: { type: Number, min: 0, max: 120 },
        ageMax: { type: Number, min: 0, max: 120 },
        womenOnly: { type: Boolean, default: false },
        families: { type: Boolean, default: false },
        youth: { type: Boolean, default: false },
        area: translatedText({ maxLength: 300 }),
      },
      documents: translatedList(),
      access: {
        modes: {
          type: [{ type: String, enum: ACCESS_MODES }],
          validate: { validator: (v: string[]) => v.length > 0, message: 'at least one mode' },
        },
        note: translatedText({ maxLength: 500 }),
      },
      delivery: {
        type: [{ type: String, enum: DELIVERY_MODES }],
        validate: { validator: (v: string[]) => v.length > 0, message: 'at least one mode' },
      },
      schedule: { type: schedule, default: () => ({}) },
      locations: { type: [{ type: Schema.Types.ObjectId, ref: 'Location' }], default: [] },
      contact: {
        phone: { type: String, trim: true, match: /^[+\d][\d\s().-]{5,24}$/ },
        email: { type: String, trim: true, lowercase: true, match: EMAIL },
        website: { type: String, trim: true, match: /^https?:\/\/\S+$/ },
      },
      /** Language taught, for language courses. */
      targetLanguage: { type: String, match: LANGUAGE_CODE },
      lastVerifiedAt: { type: Date, required: true, default: () => new Date() },
      status: { type: String, enum: SERVICE_STATUSES, required: true, default: 'draft' },
      /** A change to the published service waiting for review (see moderation/). */
      revision: { type: buildRevisionSchema(), default: undefined },
      /** Why a coordinator returned the new service. */
      reviewComment: { type: String, maxlength: 1000 },
      /** When each language's texts last changed: shows translations older than the local text. */
      textUpdatedAt: { type: Map, of: Date, default: undefined },
      /** Who wrote each language's texts and when (models/translation-marks.ts). */
      translations: translationMarks(),
    },
    // No version key: saves replace whole arrays (never positional changes), and a version in the
    // filter would make every such save scan the collection on FerretDB v1 (it answers only a
    // bare _id from its primary key). Edits of one service queue up instead (provider service).
    { timestamps: true, versionKey: false },
  );
  schema.pre('validate', function () {
    const { ageMin, ageMax } = this.eligibility ?? {};
    if (ageMin != null && ageMax != null && ageMax < ageMin) {
      this.invalidate('eligibility.ageMax', 'must not be below ageMin');
    }
  });
  // Public listings filter by status and category; the organisation page by organisation.
  schema.index({ status: 1, category: 1 });
  schema.index({ organisation: 1, status: 1 });
  indexUuid(schema);
  return schema;
}

export type ServiceDoc = InferSchemaType<ReturnType<typeof buildServiceSchema>>;
