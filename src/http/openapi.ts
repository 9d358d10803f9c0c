// The API described for integrators (OpenAPI 3.1), generated from the routes
// as they are registered: each route's method and path from Express, who
// may call it from its guard, and its body and query from the very zod
// schemas its handler validates with (named next to the routes with
// `describeRoutes`), so the document cannot drift from the code. What a
// route answers is named there too (`response`, from the schemas beside the
// routes), and the e2e suites check every answer against the document.
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { rolesWith, type Permission } from '../access/roles.js';

/** The success codes a route may answer with. */
export type SuccessStatus = 200 | 201 | 202 | 204;

export interface RouteDoc {
  summary?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The answer is not JSON (a CSV or an audio file, say); with `response` too, it may be either (format=csv). */
  produces?: string;
  /** The JSON a success answers with (on its output side: what the server writes). */
  response?: z.ZodType;
  /** The success code: 201 created, 202 accepted, 204 nothing to say (no `response`); 200 when omitted. */
  status?: SuccessStatus;
  /** Another success the route may answer with instead (a long text's 202 render job beside the 201). */
  also?: { status: SuccessStatus; response: z.ZodType; description: string }[];
}

/**
 * Response schemas named in the document's components (Broadcast, Receiver,
 * Time…): every route answering one refers to it there instead of repeating
 * it. Only what the server writes is named; request schemas stay inline.
 */
const components = new Map<string, z.ZodType>();

/** Names a response schema in the document's components; returns it unchanged. */
export function component<S extends z.ZodType>(name: string, schema: S): S {
  const had = components.get(name);
  if (had && had !== schema) throw new Error(`two response schemas are named ${name}`);
  components.set(name, schema);
  return schema;
}

/**
 * The body of every 4xx and 5xx answer: the message, a machine-readable code
 * for most, and sometimes more about the case (the zone out of scope, the
 * unreadable sentences).
 */
export const errorSchema = component(
  'Error',
  z.looseObject({
    error: z.string().describe('What went wrong, for a person to read'),
    code: z.string().optional().describe('What went wrong, for a program: invalid_request, out_of_scope, not_found…'),
  }),
);

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
const ERROR = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const SUCCESS: Record<SuccessStatus, string> = { 200: 'Done', 201: 'Created', 202: 'Accepted: it goes on in the background', 204: 'Done; nothing to answer' };
const ref = (name: string) => `#/components/schemas/${name}`;

/**
 * The JSON Schemas of what the server writes (io: output: an object lists
 * every field it may have, additionalProperties false unless the zod schema
 * is loose), converted together so a named schema becomes a component and a
 * $ref wherever it is used. `of(schema)`: what a route's response refers to.
 */
function outputSchemas(responses: readonly z.ZodType[]) {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of components) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const inline = new Map<z.ZodType, string>();
  for (const schema of responses) {
    if (names.has(schema) || inline.has(schema)) continue;
    inline.set(schema, `route-${inline.size}`);
    registry.add(schema, { id: inline.get(schema)! });
  }
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12', uri: ref }) as { schemas: Record<string, Record<string, unknown>> };
  if (schemas.__shared) throw new Error('a response schema is recursive: give its recursive part a component name');
  const clean = ({ $id: _i, $schema: _s, ...body }: Record<string, unknown>) => body;
  return {
    components: Object.fromEntries([...components.keys()].map((name) => [name, clean(schemas[name]!)])),
    of: (schema: z.ZodType): object => (names.has(schema) ? { $ref: ref(names.get(schema)!) } : clean(schemas[inline.get(schema)!]!)),
  };
}

/** The success answers of a route: its status with the JSON schema (or the media type it produces), and any alternative. */
function successes(doc: RouteDoc, schemaOf: (schema: z.ZodType) => object): Record<string, object> {
  const status = doc.status ?? 200;
  const content: Record<string, object> = {};
  if (doc.response) content['application/json'] = { schema: schemaOf(doc.response) };
  if (doc.produces) content[doc.produces] = {};
  if (!doc.response && !doc.produces && status !== 204) content['application/json'] = {};
  const out: Record<string, object> = { [status]: { description: SUCCESS[status], ...(status !== 204 && { content }) } };
  for (const a of doc.also ?? []) out[a.status] = { description: a.description, content: { 'application/json': { schema: schemaOf(a.response) } } };
  return out;
}

export function openApiDocument(routers: readonly Router[], rootRouters: readonly Router[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, object>> = {};
  const routes = registeredRoutes(routers, rootRouters);
  const output = outputSchemas(routes.flatMap((r) => [...(r.doc.response ? [r.doc.response] : []), ...(r.doc.also ?? []).map((a) => a.response)]));
  for (const r of routes) {
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
        ...successes(r.doc, output.of),
        '400': { description: 'Bad input: the error names the field', ...ERROR },
        ...(r.permission && {
          '401': { description: 'Not signed in, or no valid bearer token', ...ERROR },
          '403': { description: 'The role or the scope does not allow it', ...ERROR },
        }),
        '4XX': { description: 'Refused: not found, in conflict with the current state, too large…', ...ERROR },
        '5XX': { description: 'The server or a service it needs failed', ...ERROR },
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
      schemas: output.components,
    },
  };
}
