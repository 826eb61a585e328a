// Builds a zip (the HSDS tabular form) from named texts, for fixtures and the benchmark.
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export async function zipFiles(target: string, files: Record<string, string>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(target));
  return target;
}

/** The files of a fixture folder, by name. */
export function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );
}
