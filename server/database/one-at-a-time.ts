// Runs async work one at a time per key within this process. FerretDB v1 (the embedded
// database) applies an update as a read-modify-write, so simultaneous updates of one document
// can lose counts or interleave fields, and it answers only a filter of `_id` alone from its
// primary key, so a version condition in the filter would make every save scan the collection.
// One process owns the embedded database: queueing the writers of a document here is enough.
// On MongoDB, instances may still meet on one document; callers keep their own guard there.
export function oneAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
