// Audit log: who changed what, when, field by field. Values are stored as display strings so an
// entry never holds nested arrays (FerretDB v1) and reads the same after the schema evolves.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';

export const AUDIT_ACTIONS = [
  'create',
  'edit',
  'submit',
  'approve',
  'return',
  'archive',
  'verify',
  'seats',
  'close-registration',
  // Coordinator actions on organisations and accounts.
  'flags',
  'invite',
  'reset',
  'activate',
  'deactivate',
  // A need merged into another (its services now carry the other).
  'merge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_SUBJECTS = [
  'service',
  'session',
  'organisation',
  'location',
  'user',
  'category',
  'need',
] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export function buildAuditEntrySchema() {
  const schema = new Schema(
    {
      subject: { type: String, enum: AUDIT_SUBJECTS, required: true },
      subjectId: { type: Schema.Types.ObjectId, required: true },
      /** The service a session change belongs to, so the service's history shows it. */
      service: { type: Schema.Types.ObjectId, ref: 'Service' },
      organisation: { type: Schema.Types.ObjectId, ref: 'Organisation' },
      action: { type: String, enum: AUDIT_ACTIONS, required: true },
      actor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      actorEmail: { type: String, required: true },
      at: { type: Date, required: true, default: () => new Date() },
      /** True when the change waits for review (the public listing did not change yet). */
      pending: { type: Boolean, default: false },
      comment: { type: String, maxlength: 1000 },
      changes: {
        type: [new Schema({ field: String, before: String, after: String }, { _id: false })],
        default: [],
      },
    },
    { versionKey: false },
  );
  schema.index({ service: 1, at: -1 });
  return schema;
}

export type AuditEntryDoc = InferSchemaType<ReturnType<typeof buildAuditEntrySchema>>;
