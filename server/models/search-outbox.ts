// Pending search-index operations. A change to a service is written here first and removed once
// the engine has applied it, so an edit made while the engine is down is indexed when it is back.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';

export function buildSearchOutboxSchema() {
  return new Schema({
    service: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true, default: () => new Date() },
    attempts: { type: Number, default: 0 },
  }).index({ createdAt: 1 });
}

export type SearchOutboxDoc = InferSchemaType<ReturnType<typeof buildSearchOutboxSchema>>;
