// Backups as MongoDB Extended JSON (canonical): one `<collection>.jsonl` file per collection,
// one document per line, plus manifest.json. Types survive the round trip (ObjectId, Date,
// numbers), the files are readable, diffable and importable with mongoimport --jsonArray-free
// line mode. Works the same on MongoDB and on the embedded FerretDB.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BSON } from 'mongodb';
import type { Connection } from 'mongoose';

export const BACKUP_FORMAT = 'onestop-backup-1';
const BATCH = 500;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: string;
  collections: Record<string, number>;
}

export async function backupDatabase(connection: Connection, dir: string): Promise<BackupManifest> {
  const db = connection.db;
  if (!db) throw new Error('database not connected');
  mkdirSync(dir, { recursive: true });
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  const collections: Record<string, number> = {};
  for (const name of names) {
    const lines: string[] = [];
    for await (const doc of db.collection(name).find().sort({ _id: 1 })) {
      lines.push(BSON.EJSON.stringify(doc, { relaxed: false }));
    }
    writeFileSync(path.join(dir, `${name}.jsonl`), lines.length ? `${lines.join('\n')}\n` : '');
    collections[name] = lines.length;
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    database: db.databaseName,
    collections,
  };
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Replaces every collection named in the backup with its content. Collections not in the backup
 * are left alone. Indexes are recreated by the app at start (syncIndexes).
 */
export async function restoreDatabase(
  connection: Connection,
  dir: string,
): Promise<Record<string, number>> {
  const db = connection.db;
  if (!db) throw new Error('database not connected');
  // Any JSON file may sit there: its format is checked before the rest is trusted.
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Omit<
    BackupManifest,
    'format'
  > & { format: unknown };
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`not a OneStop backup: ${dir}`);
  const files = new Set(readdirSync(dir));
  const restored: Record<string, number> = {};
  for (const [name, expected] of Object.entries(manifest.collections)) {
    if (!files.has(`${name}.jsonl`)) throw new Error(`backup is missing ${name}.jsonl`);
    const docs = readFileSync(path.join(dir, `${name}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => BSON.EJSON.parse(line, { relaxed: false }) as BSON.Document);
    if (docs.length !== expected) {
      throw new Error(`${name}.jsonl holds ${docs.length} documents, manifest says ${expected}`);
    }
    const collection = db.collection(name);
    await collection.deleteMany({});
    for (let i = 0; i < docs.length; i += BATCH) {
      await collection.insertMany(docs.slice(i, i + BATCH), { ordered: true });
    }
    restored[name] = docs.length;
  }
  return restored;
}
