// One-time links (invitation, password reset). Only the SHA-256 of the token is stored, as the
// _id: a stolen database copy cannot be turned into working links, and the lookup is by _id
// (the only lookup FerretDB v1 answers from an index).
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';

export const TOKEN_PURPOSES = ['invitation', 'reset'] as const;

export function buildAccountTokenSchema() {
  return new Schema(
    {
      _id: { type: String, required: true },
      user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
      purpose: { type: String, enum: TOKEN_PURPOSES, required: true },
      expiresAt: { type: Date, required: true },
      usedAt: { type: Date },
      /** Set when a newer link for the account was issued, or the account was switched off. */
      revokedAt: { type: Date },
      createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    },
    { timestamps: true },
  );
}

export type AccountTokenDoc = InferSchemaType<ReturnType<typeof buildAccountTokenSchema>>;
