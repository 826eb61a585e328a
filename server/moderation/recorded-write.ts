// Every write of a published-facing record follows one sequence: the search outbox entry first
// (search/indexer.ts: a crash after the save cannot lose it), the save, the audit entry, then the
// index update. Provider and coordinator writes go through here so the order is written once.
import type { Types } from 'mongoose';
import type { Indexer } from '../search/indexer';
import type { AuditLog, AuditRecord } from './audit-log';

type Id = Types.ObjectId | string;

export interface RecordedWrite {
  save: () => Promise<unknown>;
  /** The services whose search documents show what changes; none when nothing public does. */
  reindex: Id | readonly Id[];
  entry: AuditRecord;
  /** Runs between the save and the audit entry (a crash point in tests, a cache to forget). */
  afterSave?: () => void;
}

export function createRecordedWrites(deps: { audit: AuditLog; indexer: Indexer }) {
  return async function recordedWrite(write: RecordedWrite): Promise<void> {
    const ids: readonly Id[] = Array.isArray(write.reindex) ? write.reindex : [write.reindex];
    await deps.indexer.serviceWillChange(ids);
    await write.save();
    write.afterSave?.();
    await deps.audit.record(write.entry);
    await deps.indexer.serviceChanged(ids);
  };
}
