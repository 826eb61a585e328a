// What `.lean()` and `toObject({ flattenMaps: true })` hand back: the schema's inferred type with
// its Maps as plain objects (translated texts arrive as { fr: '…' }), and the _id. Mongoose types
// a lean read as the raw schema type (with Maps) although the driver returns objects; `.lean<Lean<…>>()`
// says what it really is instead of casting each field.
import type { FlattenMaps, Types } from 'mongoose';

export type Lean<T> = FlattenMaps<T> & { _id: Types.ObjectId };
