// The API description integrators read is generated from the routes the
// server registers: every route is in it with who may call it, and every
// route that validates a body or a query names that schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/openapi.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let doc: any;

beforeAll(async () => {
  t = await startTestServer();
  const res = await fetch(`${t.baseUrl}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await t?.close();
});

/** `parseBody(schema, req.body)` as the handler's source reads: minified, or with an imported schema as `(0, __import__.schema)`. */
const validates = (what: 'body' | 'query') => new RegExp(`parseBody\\)?\\((?:\\(0,\\s*[\\w$.]+\\)|[\\w$.]+),\\s*req\\.${what}\\)`);

/** Routes anyone may call: signing in and out, and the description itself. */
const OPEN = new Set(['post /auth/login', 'post /auth/logout', 'get /auth/session', 'get /openapi.json']);

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 with every registered route, each with its permission and roles', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = registeredRoutes(t.server.apiRouters, t.server.rootRouters);
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op, `${r.method.toUpperCase()} ${r.path}`).toBeDefined();
      if (OPEN.has(`${r.method} ${r.path}`)) continue;
      expect(r.permission, `${r.method.toUpperCase()} ${r.path} has no guard`).not.toBeNull();
      expect(op['x-permission']).toBe(r.permission);
      expect(op['x-roles'].length).toBeGreaterThan(0);
    }
  });

  it('names the request schema of every route whose handler validates a body or a query', () => {
    const missing: string[] = [];
    for (const r of registeredRoutes(t.server.apiRouters, t.server.rootRouters)) {
      const op = doc.paths[r.path][r.method];
      if (validates('body').test(r.source) && !op.requestBody) missing.push(`${r.method.toUpperCase()} ${r.path}: body`);
      if (validates('query').test(r.source) && !r.doc.query) missing.push(`${r.method.toUpperCase()} ${r.path}: query`);
    }
    expect(missing).toEqual([]);
  });

  it('describes the request bodies from the validating schemas', () => {
    const body = doc.paths['/broadcasts'].post.requestBody.content['application/json'].schema;
    expect(body.properties.title).toMatchObject({ type: 'string', maxLength: 300 });
    expect(body.properties.priority.enum).toEqual(['normal', 'priority', 'emergency']);
    expect(body.required).toContain('title');
    expect(doc.paths['/broadcasts'].post['x-roles']).toEqual(['admin', 'officer', 'chairman']);
    const list = doc.paths['/receivers'].get.parameters.map((p: any) => p.name);
    expect(list).toEqual(expect.arrayContaining(['limit', 'after', 'zoneId', 'online', 'q']));
    expect(doc.paths['/broadcasts/{id}/approve'].post.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  it('has a reference page served by the server itself', async () => {
    const page = await fetch(`${t.baseUrl}/api.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/js/api-docs.js');
    expect((await fetch(`${t.baseUrl}/js/api-docs.js`)).status).toBe(200);
  });
});
