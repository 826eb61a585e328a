// Where a record last came from in an HSDS import (features/hsds-import): the source's name, when,
// and a hash of the fields the import wrote. A later import compares the record as it is now with
// that hash: a difference means someone edited it in OneStop since, and the import never
// overwrites it (it lists a conflict instead).
import { Schema } from 'mongoose';

export function importedFromField() {
  return {
    type: new Schema(
      {
        source: { type: String, required: true, maxlength: 300 },
        at: { type: Date, required: true },
        hash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
      },
      { _id: false },
    ),
    default: undefined,
  };
}
