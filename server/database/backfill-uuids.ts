// Gives a UUID (HSDS id, models/uuid.ts) to every organisation, place, service and need stored
// before the field existed. Idempotent: only records without one are touched, each once, by _id
// (FerretDB v1 answers an _id filter from its primary key), so a uuid once set never changes.
// The raw collection is used because Mongoose would fill the default on reading, and the
// field is immutable through Mongoose.
import { randomUUID } from 'node:crypto';
import type { Models } from '../models';

export async function backfillUuids(models: Models): Promise<number> {
  let given = 0;
  for (const model of [models.Organisation, models.Location, models.Service, models.Need]) {
    const missing = await model.collection
      .find({ uuid: { $exists: false } }, { projection: { _id: 1 } })
      .toArray();
    for (const { _id } of missing) {
      const result = await model.collection.updateOne(
        { _id, uuid: { $exists: false } },
        { $set: { uuid: randomUUID() } },
      );
      given += result.modifiedCount;
    }
  }
  return given;
}
