// Checks every row read from an HSDS file against its table's schema (hsds-tables.ts) and keeps
// the valid ones by id. Every invalid field is recorded with its file and line (CSV) or JSON path,
// so the report can name it; nothing is written anywhere here.
import type { HsdsRow, HsdsTable, ErrorCode } from './hsds-tables';
import { HSDS_ROW_SCHEMAS, HSDS_TABLES, errorCodeOf } from './hsds-tables';
import type { RawRow } from './hsds-readers';

export interface RowError {
  file: string;
  line?: number;
  path?: string;
  table: HsdsTable | 'file';
  id?: string;
  field: string;
  code: ErrorCode;
}

export interface Located<T> {
  row: T;
  file: string;
  line?: number;
  path?: string;
}

export type Tables = { [T in HsdsTable]: Map<string, Located<HsdsRow<T>>> };

/** The report lists this many invalid rows; the count covers them all. */
export const MAX_LISTED_ERRORS = 500;

export class RowErrors {
  readonly listed: RowError[] = [];
  count = 0;
  add(error: RowError) {
    this.count++;
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(error);
  }
  /** Same place as a row: its file and line or path. */
  at(where: Located<{ id: string }>, table: HsdsTable, field: string, code: ErrorCode) {
    this.add({
      file: where.file,
      line: where.line,
      path: where.path,
      table,
      id: where.row.id,
      field,
      code,
    });
  }
}

export function emptyTables(): Tables {
  return Object.fromEntries(HSDS_TABLES.map((t) => [t, new Map()])) as unknown as Tables;
}

export async function collectRows(rows: AsyncIterable<RawRow>, errors: RowErrors): Promise<Tables> {
  const tables = emptyTables();
  for await (const raw of rows) {
    const parsed = HSDS_ROW_SCHEMAS[raw.table].safeParse(raw.row);
    const id = typeof raw.row.id === 'string' ? raw.row.id : undefined;
    if (!parsed.success) {
      // One message per field: the first rule it broke.
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || 'row';
        if (seen.has(field)) continue;
        seen.add(field);
        errors.add({
          file: raw.file,
          line: raw.line,
          path: raw.path,
          table: raw.table,
          id,
          field,
          code: errorCodeOf(issue.message),
        });
      }
      continue;
    }
    const table = tables[raw.table] as Map<string, Located<unknown>>;
    const row = parsed.data as { id: string };
    if (table.has(row.id)) {
      // Nested JSON repeats a shared record (a location of several services): the first is kept.
      // A CSV table listing an id twice is a mistake.
      if (raw.line !== undefined && raw.path === undefined) {
        errors.add({
          file: raw.file,
          line: raw.line,
          table: raw.table,
          id,
          field: 'id',
          code: 'duplicate',
        });
      }
      continue;
    }
    table.set(row.id, { row, file: raw.file, line: raw.line, path: raw.path });
  }
  return tables;
}

/** Rows of a table grouped by one of their link columns (service_id, location_id…). */
export function groupBy<T>(
  table: Map<string, Located<T>>,
  key: (row: T) => string | undefined,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const { row } of table.values()) {
    const k = key(row);
    if (!k) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
