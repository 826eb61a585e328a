// What `.lean()` and `toObject({ flattenMaps: true })` hand back: the schema's inferred type with
// its Maps as plain objects (translated texts arrive as { fr: '…' }), and the _id. Mongoose types
// a lean read as the raw schema type (with Maps) although the driver returns objects; `.lean<Lean<…>>()`
// says what it really is instead of casting each field.
import type { FlattenMaps, Types } from 'mongoose';

export type Lean<T> = FlattenMaps<T> & { _id: Types.ObjectId };

/**
 * A yes/no field as read from the database: a document written before the field existed lacks
 * it, and a lean read applies no schema default, whatever the inferred type says. A missing
 * value counts as the schema's default, `fallback`.
 */
export function storedFlag(value: boolean | null | undefined, fallback = false): boolean {
  return value ?? fallback;
}

/**
 * A lean read whose fields `K` may be missing although the schema gives them a default: a
 * document written before a field existed lacks it, and a lean read fills in no default.
 */
export type LeanWithOptional<T, K extends keyof Lean<T>> = Omit<Lean<T>, K> &
  Partial<Pick<Lean<T>, K>>;
