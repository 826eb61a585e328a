// Static files from views/assets, served under fingerprinted names (site.3f2a9c1e.css) with a
// one-year immutable cache: a changed file gets a new name, so browsers never see a stale one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { projectPath } from '../paths';

export interface AssetManifest {
  /** Public URL of an asset, e.g. url('css/site.css') → '/assets/css/site.3f2a9c1e.css'. */
  url(name: string): string;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory()
      ? listFiles(full, `${prefix}${entry}/`)
      : [`${prefix}${entry}`];
  });
}

export function setUpStaticAssets(
  app: Express,
  assetsDir = projectPath('views/assets'),
): AssetManifest {
  const urlByName = new Map<string, string>();
  const fileByUrl = new Map<string, string>();
  for (const name of listFiles(assetsDir)) {
    const file = path.join(assetsDir, name);
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 10);
    const ext = path.extname(name);
    const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
    urlByName.set(name, url);
    fileByUrl.set(url, file);
  }
  app.use('/assets', (req, res, next) => {
    const file = fileByUrl.get(`/assets${req.path}`);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) next();
    else res.sendFile(file, { maxAge: '365d', immutable: true });
  });
  return {
    url(name) {
      const url = urlByName.get(name);
      // Fail loudly at render time: a missing stylesheet should not pass unnoticed.
      if (!url) throw new Error(`Unknown asset "${name}"`);
      return url;
    },
  };
}
