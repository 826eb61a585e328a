// Locates the project's folders whether running from server/ (tsx, jest) or dist/server/ (node).
import { existsSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

export const projectPath = (...parts: string[]): string => path.join(projectRoot(), ...parts);
