// A referral shared by QR code: the list of services (and the staff's notes) behind a short-lived,
// unguessable link. No client data: the basket never asks for any.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { LANGUAGE_CODE } from './vocabulary';

export function buildReferralShareSchema() {
  return new Schema(
    {
      /** 128-bit random token, base64url: the link itself; looked up by _id. */
      _id: { type: String, required: true },
      items: {
        type: [
          new Schema(
            {
              slug: { type: String, required: true, maxlength: 120 },
              note: { type: String, maxlength: 300 },
            },
            { _id: false },
          ),
        ],
        validate: {
          validator: (v: unknown[]) => v.length > 0 && v.length <= 10,
          message: '1 to 10 services',
        },
      },
      clientLanguage: { type: String, required: true, match: LANGUAGE_CODE },
      expiresAt: { type: Date, required: true },
    },
    { timestamps: true, versionKey: false },
  );
}

export type ReferralShareDoc = InferSchemaType<ReturnType<typeof buildReferralShareSchema>>;
