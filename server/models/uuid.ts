// Stable record identifiers for HSDS (Open Referral requires a UUID `id` on every record that
// never changes across exports). Given once, when the record is created (or by the start-up
// backfill for records older than the field), then never rewritten; an HSDS import sets it to
// the source's id so that a second import finds the same record.
import { createHash, randomUUID } from 'node:crypto';
import type { Schema } from 'mongoose';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same UUID (version 4 layout) for the same text on every run and every instance: a SHA-256
 * of the text. For ids several places must agree on without storing them. */
export function hashedUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function uuidField() {
  return { type: String, default: () => randomUUID(), immutable: true };
}

/** Unique, and sparse: records stored before the field existed have none until the start-up
 * backfill (a plain unique index would see all of them as one duplicate `null` on MongoDB). */
export function indexUuid(schema: Schema): void {
  schema.index({ uuid: 1 }, { unique: true, sparse: true });
}
