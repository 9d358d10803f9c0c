// src/http/ is infrastructure: the Express app, auth, OpenAPI, the event
// stream, metrics. Features register with it where they are wired; it
// imports none of them (issue #16), only the cross-cutting access rules,
// users' sessions (who is signed in), the database's row types, the wire
// protocol's shared vocabulary (src/mqtt/protocol.ts, shared with devices/)
// and the shared helpers.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const HTTP = path.resolve(import.meta.dirname, '../../src/http');
const ALLOWED = new Set(['access', 'users', 'http', 'db']);
const SHARED_FILES = new Set(['errors.js', 'log.js', 'paths.js', 'mqtt/protocol.js']);

it('src/http imports no feature folder', () => {
  const offending: string[] = [];
  for (const file of fs.readdirSync(HTTP).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(HTTP, file), 'utf8');
    for (const m of text.matchAll(/from '(\.\.?\/[^']+)'/g)) {
      const target = path.relative(path.resolve(HTTP, '..'), path.resolve(HTTP, m[1]!));
      const [top, ...rest] = target.split(path.sep);
      if (SHARED_FILES.has(target.split(path.sep).join('/')) || (rest.length > 0 && ALLOWED.has(top!))) continue;
      offending.push(`${file} → ${m[1]}`);
    }
  }
  expect(offending).toEqual([]);
});
