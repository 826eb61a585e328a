// HSDS import: read and check the whole file, plan what it would do (dry run), and apply it.
//
// Matching and conflicts: a record is matched by `uuid` (= the HSDS id; needs also by slug, the
// key our vocabulary files use). Each imported record keeps `importedFrom.hash`, a hash of the
// fields the import owns as it wrote them. On a later import the record as stored now is hashed
// the same way: if that differs from `importedFrom.hash` someone edited it in OneStop since (or
// a change waits for review), and the import lists it as a conflict and leaves it alone. A record
// created in OneStop (no `importedFrom`) is never overwritten either. Otherwise: same hash as the
// file → unchanged; different → update (import-plan.ts).
//
// Large files: the tables that describe records are read first into compact maps by owner id
// (import-context.ts); organisations, places and services are then streamed, mapped, planned and
// (when applying) written in batches of BATCH, so memory holds ids and hashes of the whole file
// but the records of one batch only. Applying reads the file twice: a full check first, then the
// writes.
//
// Crash safety without transactions (FerretDB v1 has none): nothing is written unless the whole
// file is valid. Each record is written in one document write together with its `importedFrom`,
// so it is either imported whole or untouched. Writes go needs → organisations → locations →
// services → course sessions: references only point from a later kind to an earlier one, so a
// crash never leaves a service pointing to a place or an organisation that is not there, nor a
// session to a service; running the import again finishes the job (what was written reports as
// unchanged). Course sessions (session-to-onestop.ts) are matched by service and key.
import type { Models } from '../../models';
import type { Indexer } from '../../search/indexer';
import type { RowError } from './hsds-dataset';
import { RowErrors, openHsdsSource, validRows } from './hsds-dataset';
import type { HsdsFormat, HsdsSource } from './hsds-source';
import { UnreadableFileError } from './hsds-source';
import type { Kind, Mapped } from './hsds-to-onestop';
import { KINDS, mapLocation, mapOrganisation, mapService } from './hsds-to-onestop';
import type { SideTables } from './import-context';
import { readSideTables } from './import-context';
import type { StoredIndex } from './import-index';
import { loadStoredIndex } from './import-index';
import type { Planner } from './import-plan';
import { createPlanner } from './import-plan';
import type { Action, PlannedRecord, RecordStore } from './import-records';
import { documentOf, storesOf } from './import-records';
import { mapSession } from './session-to-onestop';

const BATCH = 500;
const INSERT_CHUNK = 100;

export type { Action };
export type Counts = Record<Action, number>;

export interface ImportReport {
  source: string;
  format: HsdsFormat;
  valid: boolean;
  applied: boolean;
  counts: Record<Kind, Counts>;
  conflicts: { kind: Kind; id: string; label: string }[];
  /** Listed invalid fields (at most MAX_LISTED_ERRORS) and how many there are in all. */
  invalid: RowError[];
  invalidCount: number;
  /** Terms of other taxonomies, virtual locations: read, not stored. */
  ignored: { taxonomyTerms: number; virtualLocations: number };
}

/** Progress of a pass (the check or the writes): records of `kind` handled so far. */
export type ImportProgress = (event: { pass: 'check' | 'write'; kind: Kind; done: number }) => void;

const emptyCounts = (): Record<Kind, Counts> => ({
  taxonomy_term: { create: 0, update: 0, unchanged: 0, conflict: 0 },
  organization: { create: 0, update: 0, unchanged: 0, conflict: 0 },
  location: { create: 0, update: 0, unchanged: 0, conflict: 0 },
  service: { create: 0, update: 0, unchanged: 0, conflict: 0 },
  session: { create: 0, update: 0, unchanged: 0, conflict: 0 },
});

interface Pass {
  counts: Record<Kind, Counts>;
  conflicts: ImportReport['conflicts'];
  virtualLocations: number;
}

export function createHsdsImportService(deps: {
  models: Models;
  indexer: Indexer;
  localLanguage: string;
  now?: () => Date;
  onProgress?: ImportProgress;
}) {
  const { indexer, localLanguage: L } = deps;
  const now = deps.now ?? (() => new Date());
  const stores: Record<Kind, RecordStore> = storesOf(deps.models);

  /** The file's records of one kind, mapped, in batches (needs: one batch, read with the terms).
   * Organisations and places are read here for the first time: their problems go to `errors`.
   * Services were checked with the side tables (import-context.ts). */
  async function* mappedBatches(
    source: HsdsSource,
    side: SideTables,
    kind: Kind,
    errors: RowErrors,
    placeIds: Set<string>,
    skipped: { virtual: number },
  ): AsyncGenerator<Mapped[]> {
    if (kind === 'taxonomy_term') {
      if (side.terms.needs.length) yield side.terms.needs;
      return;
    }
    let batch: Mapped[] = [];
    const add = (mapped: Mapped) => {
      batch.push(mapped);
      if (batch.length < BATCH) return undefined;
      const full = batch;
      batch = [];
      return full;
    };
    let full: Mapped[] | undefined;
    if (kind === 'organization') {
      for await (const where of validRows(source, 'organization', errors))
        if ((full = add(mapOrganisation(where, side, L)))) yield full;
    } else if (kind === 'location') {
      for await (const where of validRows(source, 'location', errors)) {
        if (where.row.location_type === 'virtual') {
          skipped.virtual++;
          continue;
        }
        const mapped = mapLocation(where, side, L, errors);
        if (!mapped) continue;
        placeIds.add(mapped.uuid);
        if ((full = add(mapped))) yield full;
      }
    } else if (kind === 'service') {
      for await (const where of validRows(source, 'service'))
        if ((full = add(mapService(where, side, L, placeIds)))) yield full;
    } else {
      // A service lists a session once: a second schedule with its key is a mistake.
      const seen = new Set<string>();
      for (const where of side.sessions) {
        const mapped = mapSession(where, side, L, placeIds, errors);
        if (!mapped) continue;
        if (seen.has(mapped.uuid)) {
          errors.at(where, 'schedule', 'attributes.course-session', 'duplicate');
          continue;
        }
        seen.add(mapped.uuid);
        if ((full = add(mapped))) yield full;
      }
    }
    if (batch.length) yield batch;
  }

  /** Writes one planned batch; true when it wrote anything. */
  async function writeBatch(
    kind: Kind,
    planned: PlannedRecord[],
    planner: Planner,
    context: { source: string; at: Date },
  ): Promise<boolean> {
    const store = stores[kind];
    const docOf = (p: PlannedRecord) =>
      documentOf(p, planner.refs, { ...context, localLanguage: L });
    const updates = planned.filter((p) => p.action === 'update');
    // Search: an entry before a write that may change a published service (indexer.ts); a
    // session is found with its service.
    const changed = updates.flatMap((p) => {
      if (kind === 'service') return [p._id];
      const service = p.mapped.refs.service && planner.refs.service(p.mapped.refs.service);
      return kind === 'session' && service ? [service] : [];
    });
    if (changed.length) await indexer.serviceWillChange(changed);
    // Inserted INSERT_CHUNK at a time: Mongoose holds each insert's documents hydrated until the
    // database answers, and fewer at once keep the heap from growing between collections.
    const creates = planned.filter((p) => p.action === 'create');
    for (let i = 0; i < creates.length; i += INSERT_CHUNK)
      await store.insert(creates.slice(i, i + INSERT_CHUNK).map(docOf));
    if (updates.length) {
      await store.update(
        updates.map((p) => {
          const set: Record<string, unknown> = {};
          const unset: Record<string, ''> = {};
          for (const [key, value] of Object.entries(docOf(p))) {
            if (value === undefined) unset[key] = '';
            else set[key] = value;
          }
          return { _id: p._id, set, unset };
        }),
      );
    }
    // And after it (see serviceChanged in indexer.ts). New services and sessions are not queued:
    // they are pending, so not in search, and their publication by a coordinator queues them.
    if (changed.length) await indexer.serviceWillChange(changed);
    return creates.length + updates.length > 0;
  }

  /** One pass over the file's records: plans each batch, and writes it when `write` is given. */
  async function pass(
    source: HsdsSource,
    side: SideTables,
    index: StoredIndex,
    errors: RowErrors,
    write?: { source: string; at: Date },
  ): Promise<Pass> {
    const planner = createPlanner({ stores, index, localLanguage: L, errors, check: !write });
    const result: Pass = { counts: emptyCounts(), conflicts: [], virtualLocations: 0 };
    const placeIds = new Set<string>();
    const skipped = { virtual: 0 };
    for (const kind of KINDS) {
      let done = 0;
      let wrote = false;
      for await (const batch of mappedBatches(source, side, kind, errors, placeIds, skipped)) {
        const planned = await planner.plan(kind, batch);
        for (const p of planned) {
          result.counts[kind][p.action]++;
          if (p.action === 'conflict')
            result.conflicts.push({ kind, id: p.mapped.uuid, label: p.mapped.label });
        }
        if (write) wrote = (await writeBatch(kind, planned, planner, write)) || wrote;
        done += batch.length;
        deps.onProgress?.({ pass: write ? 'write' : 'check', kind, done });
      }
      if (kind === 'taxonomy_term' && wrote) indexer.needsChanged();
    }
    result.virtualLocations = skipped.virtual;
    return result;
  }

  /** Checks and plans the whole file, then (apply, valid file) writes it in a second pass. */
  async function run(filePath: string, sourceName: string, apply: boolean): Promise<ImportReport> {
    const errors = new RowErrors();
    let format: HsdsFormat = 'json';
    let source: HsdsSource | undefined;
    let checked: Pass | undefined;
    let ignoredTerms = 0;
    let applied = false;
    try {
      source = await openHsdsSource(filePath, sourceName);
      format = source.format;
      const index = await loadStoredIndex(stores, L);
      const side = await readSideTables(source, L, index.knownNeeds, errors);
      ignoredTerms = side.terms.ignoredTerms;
      checked = await pass(source, side, index, errors);
      if (apply && errors.count === 0) {
        // The file was read and checked whole: the writes go over it again.
        const written = await pass(source, side, index, new RowErrors(), {
          source: sourceName,
          at: now(),
        });
        applied = true;
        if (written.counts.service.update + written.counts.session.update > 0)
          await indexer.drain();
      }
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      errors.add({
        file: error.file,
        line: error.line,
        table: 'file',
        field: 'file',
        code: 'unreadable',
      });
    } finally {
      source?.close();
    }
    return {
      source: sourceName,
      format,
      valid: errors.count === 0,
      applied,
      counts: checked?.counts ?? emptyCounts(),
      conflicts: checked?.conflicts ?? [],
      invalid: errors.listed,
      invalidCount: errors.count,
      ignored: { taxonomyTerms: ignoredTerms, virtualLocations: checked?.virtualLocations ?? 0 },
    };
  }

  return {
    /** Dry run: the report of what applying would do. Writes nothing. */
    dryRun: (filePath: string, source: string): Promise<ImportReport> =>
      run(filePath, source, false),
    /** Applies the file if it is valid as a whole (else writes nothing); idempotent. */
    apply: (filePath: string, source: string): Promise<ImportReport> => run(filePath, source, true),
  };
}

export type HsdsImportService = ReturnType<typeof createHsdsImportService>;
