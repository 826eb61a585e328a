// Uploaded HSDS files between the dry run and "Apply": kept on the server in a temporary folder
// under a random token (128 bits), with who uploaded it. Applying uses exactly the file the
// coordinator reviewed (a re-upload could be another one) and costs no second transfer; only the
// uploader can apply it; a file is removed once applied, when found invalid, or after a day.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import multer from 'multer';

export const TOKEN = /^[a-f0-9]{32}$/;
const KEEP_MS = 24 * 3_600_000;

export interface StoredUpload {
  path: string;
  name: string;
}

export function createUploadStore(options: { dir?: string; maxBytes: number }) {
  const dir = options.dir ?? path.join(os.tmpdir(), 'onestop-hsds-import');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileOf = (token: string) => path.join(dir, `${token}.upload`);
  const metaOf = (token: string) => path.join(dir, `${token}.json`);

  const upload = multer({
    storage: multer.diskStorage({
      destination: dir,
      filename: (_req, _file, done) => done(null, `${randomBytes(16).toString('hex')}.upload`),
    }),
    limits: { fileSize: options.maxBytes, files: 1, fields: 5, parts: 8 },
  });

  return {
    /** Multer middleware for one file in the field `file`. */
    single: upload.single('file'),
    tokenOf: (filePath: string) => path.basename(filePath, '.upload'),
    async remember(token: string, meta: { name: string; by: string }) {
      await writeFile(metaOf(token), JSON.stringify(meta), { mode: 0o600 });
    },
    /** The upload behind a token, if it exists and this person uploaded it. */
    async find(token: string, by: string): Promise<StoredUpload | undefined> {
      if (!TOKEN.test(token)) return undefined;
      try {
        const meta = JSON.parse(await readFile(metaOf(token), 'utf8')) as {
          name: string;
          by: string;
        };
        if (meta.by !== by) return undefined;
        await stat(fileOf(token));
        return { path: fileOf(token), name: meta.name };
      } catch {
        return undefined;
      }
    },
    async remove(token: string) {
      if (!TOKEN.test(token)) return;
      await Promise.all([rm(fileOf(token), { force: true }), rm(metaOf(token), { force: true })]);
    },
    /** Removes uploads older than a day (called on each upload). */
    async sweep(now = Date.now()) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > KEEP_MS) await rm(file, { force: true });
      }
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
