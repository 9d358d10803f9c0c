// Where the shipped assets (web/, audio/) are: the project root, found by
// walking up to package.json, so the same code works from src/ (tsx, vitest)
// and compiled under dist/src/.
import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findRoot(import.meta.dirname);
