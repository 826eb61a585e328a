// Course session: one run of a language course or training (next term's A2 evening class).
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { buildCostSchema } from './cost';
import { importedFromField } from './imported-from';
import { buildRevisionSchema } from './revision';
import { CEFR_LEVELS, CLOCK_TIME, DAYS, LANGUAGE_CODE, SERVICE_STATUSES } from './vocabulary';

/**
 * Dates, times and seats that contradict each other. Runs before validation, where a required
 * field may still be missing whatever the document's type says: hence the optional fields.
 */
function checkOrder(session: {
  startDate?: Date;
  endDate?: Date;
  startTime?: string;
  endTime?: string;
  seatsLeft?: number | null;
  capacity?: number | null;
  invalidate(path: string, message: string): unknown;
}): void {
  if (session.endDate && session.startDate && session.endDate < session.startDate) {
    session.invalidate('endDate', 'must not be before startDate');
  }
  if (session.endTime && session.startTime && session.endTime <= session.startTime) {
    session.invalidate('endTime', 'must be after startTime');
  }
  if (
    session.seatsLeft != null &&
    session.capacity != null &&
    session.seatsLeft > session.capacity
  ) {
    session.invalidate('seatsLeft', 'must not exceed capacity');
  }
}

export function buildCourseSessionSchema() {
  const schema = new Schema(
    {
      service: { type: Schema.Types.ObjectId, ref: 'Service', required: true },
      key: { type: String, required: true, match: /^[a-z0-9-]+$/, maxlength: 80 },
      targetLanguage: { type: String, required: true, match: LANGUAGE_CODE },
      level: { type: String, enum: CEFR_LEVELS, required: true },
      startDate: { type: Date, required: true },
      endDate: { type: Date, required: true },
      days: {
        type: [{ type: String, enum: DAYS }],
        validate: { validator: (v: string[]) => v.length > 0, message: 'at least one day' },
      },
      startTime: { type: String, match: CLOCK_TIME, required: true },
      endTime: { type: String, match: CLOCK_TIME, required: true },
      hoursPerWeek: { type: Number, min: 0, max: 60 },
      capacity: { type: Number, min: 1, max: 1000, required: true },
      seatsLeft: { type: Number, min: 0, required: true },
      registrationDeadline: { type: Date },
      registrationOpen: { type: Boolean, default: true },
      childcare: { type: Boolean, default: false },
      certificate: { type: Boolean, default: false },
      cost: { type: buildCostSchema(), required: true },
      location: { type: Schema.Types.ObjectId, ref: 'Location' },
      /** Only published sessions are public; new ones from untrusted editors wait for review. */
      status: { type: String, enum: SERVICE_STATUSES, required: true, default: 'published' },
      revision: { type: buildRevisionSchema(), default: undefined },
      reviewComment: { type: String, maxlength: 1000 },
      /** Set by an HSDS import (features/hsds-import), as on services. */
      importedFrom: importedFromField(),
    },
    // No version key, for the reason given in service.ts.
    { timestamps: true, versionKey: false },
  );
  schema.pre('validate', function () {
    checkOrder(this);
  });
  schema.index({ service: 1, key: 1 }, { unique: true });
  schema.index({ level: 1, startDate: 1 });
  return schema;
}

export type CourseSessionDoc = InferSchemaType<ReturnType<typeof buildCourseSessionSchema>>;
