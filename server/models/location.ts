// Location (HSDS location + address + accessibility): where a service is delivered.
// Coordinates are plain numbers: FerretDB v1 has no geo index, distance filtering is the search
// engine's job.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { translatedText, weeklySlotSchema } from './translated-text';
import { textUpdatedAtMap, translationMarks } from './translation-marks';
import { importedFromField } from './imported-from';
import { indexUuid, uuidField } from './uuid';

export function buildLocationSchema() {
  const schema = new Schema(
    {
      /** HSDS location.id (models/uuid.ts). */
      uuid: uuidField(),
      /** Set by an HSDS import (models/imported-from.ts). */
      importedFrom: importedFromField(),
      organisation: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true },
      key: { type: String, required: true, match: /^[a-z0-9-]+$/ },
      name: { type: String, required: true, trim: true, maxlength: 200 },
      address: {
        street: { type: String, required: true, trim: true, maxlength: 200 },
        postcode: { type: String, required: true, trim: true, maxlength: 12 },
        city: { type: String, required: true, trim: true, maxlength: 100 },
      },
      district: { type: String, trim: true, maxlength: 100 },
      geo: {
        lat: { type: Number, min: -90, max: 90 },
        lng: { type: Number, min: -180, max: 180 },
      },
      accessibility: {
        stepFree: { type: Boolean, default: false },
        accessibleToilet: { type: Boolean, default: false },
        hearingLoop: { type: Boolean, default: false },
      },
      transport: translatedText({ maxLength: 500 }),
      openingHours: { type: [weeklySlotSchema], default: [] },
      /** Transport note: when each language last changed, and who translated it. */
      textUpdatedAt: textUpdatedAtMap(),
      translations: translationMarks(),
    },
    { timestamps: true },
  ).index({ organisation: 1, key: 1 }, { unique: true });
  indexUuid(schema);
  return schema;
}

export type LocationDoc = InferSchemaType<ReturnType<typeof buildLocationSchema>>;
