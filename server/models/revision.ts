// A change waiting for review on a published record: the public keeps seeing the live fields
// while `data` (the proposed editable fields, as JSON) waits for a coordinator.
import { Schema } from 'mongoose';

export const REVISION_STATES = ['draft', 'pending', 'returned'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];

export function buildRevisionSchema() {
  return new Schema(
    {
      data: { type: String, required: true, maxlength: 200_000 },
      state: { type: String, enum: REVISION_STATES, required: true },
      by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      at: { type: Date, required: true },
      comment: { type: String, maxlength: 1000 },
    },
    { _id: false },
  );
}
