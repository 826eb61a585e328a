// User (PRODUCT "People"): provider editors belong to one organisation; centre staff and
// coordinators to the centre. No password until the invitation is accepted.
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import { LANGUAGE_CODE, ROLES } from './vocabulary';

export function buildUserSchema() {
  const schema = new Schema(
    {
      email: {
        type: String,
        required: true,
        unique: true,
        trim: true,
        lowercase: true,
        maxlength: 200,
      },
      name: { type: String, trim: true, maxlength: 200 },
      role: { type: String, enum: ROLES, required: true },
      organisation: { type: Schema.Types.ObjectId, ref: 'Organisation' },
      passwordHash: { type: String },
      preferredLanguage: { type: String, match: LANGUAGE_CODE },
      active: { type: Boolean, default: true },
      lastLoginAt: { type: Date },
      /** Translators: the languages they may write. */
      languages: { type: [{ type: String, match: LANGUAGE_CODE }], default: undefined },
      /** Translators: set by the coordinator, their saves publish without review. */
      translatorTrusted: { type: Boolean, default: false },
    },
    { timestamps: true },
  );
  schema.pre('validate', function () {
    if (this.role === 'editor' && !this.organisation) {
      this.invalidate('organisation', 'an editor belongs to an organisation');
    }
  });
  return schema;
}

export type UserDoc = InferSchemaType<ReturnType<typeof buildUserSchema>>;
