// The API described for integrators (OpenAPI 3.1), generated from the routes
// as they are registered: each route's method and path from Express, who
// may call it from its guard, and its body and query from the very zod
// schemas its handler validates with (named next to the routes with
// `describeRoutes`), so the document cannot drift from the code.
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { rolesWith, type Permission } from '../access/roles.js';

export interface RouteDoc {
  summary?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The answer is not JSON (a CSV or an audio file, say). */
  produces?: string;
}

type Tagged = RequestHandler & { permission?: Permission };

const described = new WeakMap<Router, Record<string, RouteDoc>>();

/** Names the schemas each route of `router` validates with, keyed "POST /broadcasts/:id/approve". */
export function describeRoutes(router: Router, docs: Record<string, RouteDoc>): void {
  described.set(router, { ...described.get(router), ...docs });
}

export interface DocumentedRoute {
  method: string;
  /** OpenAPI form: /broadcasts/{id}. */
  path: string;
  permission: Permission | null;
  doc: RouteDoc;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: { handle: Tagged }[] };
}

export interface RegisteredRoute extends DocumentedRoute {
  /** The handlers' source, for the test that every validated route is described. */
  source: string;
}

const API = '/api/v1';

/** Every route of these routers, as registered: the API routers' own, and the routers mounted at the root only for their paths under /api/v1. */
export function registeredRoutes(routers: readonly Router[], rootRouters: readonly Router[] = []): RegisteredRoute[] {
  return [...walk(routers, (p) => p), ...walk(rootRouters, (p) => (p.startsWith(API + '/') ? p.slice(API.length) : null))];
}

function walk(routers: readonly Router[], apiPath: (p: string) => string | null): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  for (const router of routers) {
    const docs = described.get(router) ?? {};
    for (const layer of ((router as { stack?: unknown }).stack ?? []) as Layer[]) {
      if (!layer.route) continue;
      const handles = layer.route.stack.map((s) => s.handle);
      const permission = handles.find((h) => h.permission)?.permission ?? null;
      const source = handles.map(String).join('\n');
      for (const p of ([] as string[]).concat(layer.route.path)) {
        const path = apiPath(p);
        if (path === null) continue;
        for (const method of Object.keys(layer.route.methods)) {
          out.push({ method, path: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'), permission, doc: docs[`${method.toUpperCase()} ${p}`] ?? {}, source });
        }
      }
    }
  }
  return out;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, any>;

export function openApiDocument(routers: readonly Router[], rootRouters: readonly Router[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of registeredRoutes(routers, rootRouters)) {
    const params = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.doc.query) {
      const q = jsonSchema(r.doc.query);
      for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, object>)) {
        params.push({ name, in: 'query', required: ((q.required ?? []) as string[]).includes(name), schema } as never);
      }
    }
    const roles = r.permission ? rolesWith(r.permission) : [];
    const tag = r.path.split('/')[1] ?? '';
    (paths[r.path] ??= {})[r.method] = {
      tags: [tag],
      ...(r.doc.summary && { summary: r.doc.summary }),
      description: r.permission ? `Permission \`${r.permission}\`: ${roles.join(', ')}.` : 'Open to anyone (no sign-in).',
      'x-permission': r.permission,
      'x-roles': roles,
      ...(params.length && { parameters: params }),
      ...(r.doc.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.doc.body) } } } }),
      ...(r.permission && { security: [{ bearer: [] }, { session: [] }] }),
      responses: {
        '200': { description: 'Done', content: { [r.doc.produces ?? 'application/json']: {} } },
        '400': { description: 'Bad input: the error names the field', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ...(r.permission && {
          '401': { description: 'Not signed in, or no valid bearer token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          '403': { description: 'The role or the scope does not allow it', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Loa Làng: the broadcast server for commune smart-radio loudspeakers. Every route under /api/v1.' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (POST /tokens, or `loa token create`)' },
        session: { type: 'apiKey', in: 'cookie', name: 'loa_sid', description: "The panel's session; unsafe methods also need the X-CSRF-Token header" },
      },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error'] },
      },
    },
  };
}
