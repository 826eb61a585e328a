// Where the import reads an HSDS file from: one table at a time, as flat rows that each say where
// they came from (file and line for CSV, file and JSON path for JSON) so that a bad row can be
// named. The import reads a table more than once when it needs to (services: once for the ids
// other tables point to, once to map them), so a source hands out each table's rows anew on every
// call instead of keeping them.
import { open as openFile } from 'node:fs/promises';
import type { HsdsTable } from './hsds-tables';

export interface RawRow {
  table: HsdsTable;
  row: Record<string, unknown>;
  file: string;
  /** CSV: the line the row ends on (the header is line 1). */
  line?: number;
  /** JSON: where the record sits, e.g. services[2].service_at_locations[0].location. */
  path?: string;
}

/** A file that cannot be read as HSDS at all (not JSON, not a zip, a broken CSV…). */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export type HsdsFormat = 'json' | 'tabular';

export interface HsdsSource {
  readonly format: HsdsFormat;
  /** The rows of one table in file order, read again on every call. */
  rows(table: HsdsTable): AsyncIterable<RawRow>;
  close(): void;
}

/** Zip files start with "PK\3\4"; anything else is read as JSON. */
export async function detectFormat(filePath: string): Promise<HsdsFormat> {
  const handle = await openFile(filePath, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50 ? 'tabular' : 'json';
  } finally {
    await handle.close();
  }
}
