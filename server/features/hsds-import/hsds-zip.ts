// Tabular HSDS: a zip of one CSV per table plus datapackage.json. The zip's directory is read
// first (yauzl); a table's CSV entries are then streamed and parsed row by row (csv-parse) each
// time the import asks for that table. The zip is never unpacked to disk nor held in memory, and
// tables OneStop does not use (contacts, funding, programs…) are never read.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import yauzl from 'yauzl';
import type { HsdsSource, RawRow } from './hsds-source';
import { UnreadableFileError } from './hsds-source';
import type { HsdsTable } from './hsds-tables';
import { TABLE_OF_FILE } from './hsds-tables';

function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // autoClose off: entries are opened again later, in the order the import needs them.
    yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error
        ? reject(new UnreadableFileError(path.basename(filePath), error.message))
        : resolve(zip),
    ),
  );
}

/** Every entry of the zip's central directory (names and offsets only). */
function entriesOf(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => reject(new UnreadableFileError('zip', error.message)));
    zip.readEntry();
  });
}

async function streamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

interface DataPackage {
  resources?: { name?: string; path?: string }[];
}

/** Table of each CSV path declared by datapackage.json's resources. */
function tablesFromDatapackage(json: string): Map<string, HsdsTable> {
  const tables = new Map<string, HsdsTable>();
  let data: DataPackage;
  try {
    data = JSON.parse(json) as DataPackage;
  } catch {
    throw new UnreadableFileError('datapackage.json', 'not JSON');
  }
  for (const resource of data.resources ?? []) {
    const table = resource.name ? TABLE_OF_FILE[resource.name] : undefined;
    if (table && resource.path) tables.set(path.posix.normalize(resource.path), table);
  }
  return tables;
}

export async function openTabularSource(filePath: string): Promise<HsdsSource> {
  const zip = await openZip(filePath);
  try {
    const entries = await entriesOf(zip);
    const open = (entry: yauzl.Entry) => zip.openReadStreamPromise(entry);
    const csvs = entries.filter((e) => e.fileName.toLowerCase().endsWith('.csv'));
    const datapackage = entries.find(
      (e) => path.posix.basename(path.posix.normalize(e.fileName)) === 'datapackage.json',
    );
    const declared = datapackage
      ? tablesFromDatapackage(await streamText(await open(datapackage)))
      : new Map<string, HsdsTable>();
    // The table of each CSV: datapackage.json's resources when given, else the file name.
    const byTable = new Map<HsdsTable, yauzl.Entry[]>();
    for (const entry of csvs) {
      const name = path.posix.normalize(entry.fileName);
      const table =
        declared.get(name) ?? TABLE_OF_FILE[path.posix.basename(name, '.csv').toLowerCase()];
      if (table) byTable.set(table, [...(byTable.get(table) ?? []), entry]);
    }
    return {
      format: 'tabular',
      async *rows(table: HsdsTable): AsyncGenerator<RawRow> {
        for (const entry of byTable.get(table) ?? [])
          yield* csvRows(await open(entry), entry, table);
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function* csvRows(
  stream: Readable,
  entry: yauzl.Entry,
  table: HsdsTable,
): AsyncGenerator<RawRow> {
  const parser = stream.pipe(
    parseCsv({
      columns: (header: string[]) => header.map((h) => h.trim().replace(/^\uFEFF/, '')),
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }),
  );
  const file = path.posix.basename(path.posix.normalize(entry.fileName));
  try {
    for await (const record of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { table, row: record.record, file, line: record.info.lines };
    }
  } catch (error) {
    const line = error instanceof Error && 'lines' in error ? Number(error.lines) : undefined;
    throw new UnreadableFileError(
      file,
      error instanceof Error ? error.message : String(error),
      line,
    );
  } finally {
    // Stopped early (the consumer returned): release the entry's stream.
    stream.destroy();
  }
}
