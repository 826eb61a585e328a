// Opens an HSDS file and hands out each table's valid rows, checked against the table's schema
// (hsds-tables.ts). Every invalid field is recorded with its file and line (CSV) or JSON path, so
// the report can name it; nothing is written anywhere here.
import type { z } from 'zod';
import { openJsonSource } from './hsds-json';
import type { HsdsSource } from './hsds-source';
import { detectFormat } from './hsds-source';
import type { HsdsRow, HsdsTable, ErrorCode } from './hsds-tables';
import { HSDS_ROW_SCHEMAS, errorCodeOf } from './hsds-tables';
import { openTabularSource } from './hsds-zip';

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

/** The schemas by table, typed so that a table's schema gives that table's rows. */
const ROW_SCHEMAS: { [T in HsdsTable]: z.ZodType<HsdsRow<T>> } = HSDS_ROW_SCHEMAS;

export async function openHsdsSource(filePath: string, displayName: string): Promise<HsdsSource> {
  return (await detectFormat(filePath)) === 'tabular'
    ? openTabularSource(filePath)
    : openJsonSource(filePath, displayName);
}

/**
 * The valid rows of one table, each id once. With `errors`, every invalid field and every id a
 * CSV lists twice is recorded there; a table read a second time passes none (its problems are
 * known already) and gets the same rows.
 */
export async function* validRows<T extends HsdsTable>(
  source: HsdsSource,
  table: T,
  errors?: RowErrors,
): AsyncGenerator<Located<HsdsRow<T>>> {
  const schema = ROW_SCHEMAS[table];
  const seen = new Set<string>();
  for await (const raw of source.rows(table)) {
    const parsed = schema.safeParse(raw.row);
    const id = typeof raw.row.id === 'string' ? raw.row.id : undefined;
    if (!parsed.success) {
      // One message per field: the first rule it broke.
      const fields = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || 'row';
        if (fields.has(field)) continue;
        fields.add(field);
        errors?.add({
          file: raw.file,
          line: raw.line,
          path: raw.path,
          table,
          id,
          field,
          code: errorCodeOf(issue.message),
        });
      }
      continue;
    }
    const row = parsed.data;
    if (seen.has(row.id)) {
      // Nested JSON repeats a shared record (a location of several services): the first is kept.
      // A CSV table listing an id twice is a mistake.
      if (raw.line !== undefined && raw.path === undefined) {
        errors?.add({ file: raw.file, line: raw.line, table, id, field: 'id', code: 'duplicate' });
      }
      continue;
    }
    seen.add(row.id);
    yield { row, file: raw.file, line: raw.line, path: raw.path };
  }
}
