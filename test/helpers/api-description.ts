// Every answer the tests get through startTestServer's api() is checked
// against the server's own API description (GET /api/v1/openapi.json): the
// route is found among the document's paths by method and {param} template,
// and the body validated against the JSON Schema the document publishes for
// that status (a success: the route's response schema; a 4xx or 5xx: Error).
// Routes the document gives no response schema are not checked on success.
// The validator knows the JSON Schema that zod's toJSONSchema writes, and
// refuses a keyword it does not know rather than let it pass unchecked.

type Schema = { [keyword: string]: any } | boolean;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Mismatch {
  /** Where in the body, e.g. deliveries[0].state ('' for the body itself). */
  at: string;
  message: string;
}

/** Says what is wrong with an answer (null: nothing, or a route the document does not describe). */
export type AnswerCheck = (method: string, url: string, status: number, contentType: string | null, body: unknown, text: string) => string | null;

const API = '/api/v1';

export function answerChecker(doc: ApiDocument): AnswerCheck {
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const parts = path.split(/\{[^}]+\}/);
      const pattern = new RegExp(`^${parts.map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      return { method, path, op, pattern, params: parts.length - 1 };
    }),
  );
  return (method, url, status, contentType, body, text) => {
    const pathname = new URL(url, 'http://localhost').pathname;
    if (!pathname.startsWith(API + '/')) return null;
    const p = pathname.slice(API.length);
    // A literal path (/downstreams/played) before a template (/downstreams/{id}).
    const route = routes.filter((r) => r.method === method.toLowerCase() && r.pattern.test(p)).sort((a, b) => a.params - b.params)[0];
    if (!route) return null;
    const name = `${method.toUpperCase()} ${route.path}`;
    const responses = route.op.responses;
    let entry;
    if (status >= 200 && status < 300) {
      const successes = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      // Described: a success with a JSON schema, or one that answers nothing.
      if (!successes.some((s) => !responses[s]!.content || Object.values(responses[s]!.content!).some((c) => c.schema))) return null;
      entry = responses[status];
      if (!entry) return `${name} answered ${status}, which the API description does not list (it says ${successes.join(' or ')})`;
    } else if (status >= 400) {
      entry = responses[status] ?? responses[`${Math.floor(status / 100)}XX`];
      if (!entry) return `${name} answered ${status}, which the API description does not list`;
    } else {
      return null;
    }
    if (!entry.content) return text ? `${name} answered ${status} with a body; the API description says it answers nothing` : null;
    const media = contentType?.split(';')[0]!.trim().toLowerCase() ?? '';
    const content = entry.content[media];
    if (!content) return `${name} answered ${status} as ${media || 'nothing'}; the API description says ${Object.keys(entry.content).join(' or ')}`;
    if (!content.schema) return null;
    const miss = validate(content.schema, body, doc);
    return miss && `${name} answered ${status} unlike the API description: ${miss.at || 'the body'}: ${miss.message}`;
  };
}

/** The first place where `value` does not match `schema` (null: it matches). */
export function validate(schema: Schema, value: unknown, doc: ApiDocument, at = ''): Mismatch | null {
  return check(schema, value, at, doc);
}

/** Keywords that say nothing about validity here: annotations, and format (the pattern beside it checks). */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment', 'format', 'contentEncoding', 'contentMediaType']);
const KEYWORDS = new Set([
  '$ref', 'type', 'const', 'enum',
  'minLength', 'maxLength', 'pattern',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'allOf', 'anyOf', 'oneOf', 'not',
]);

const patterns = new Map<string, RegExp>();
const regex = (source: string) => {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
};

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};
const field = (at: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? (at ? `${at}.${key}` : key) : `${at}[${JSON.stringify(key)}]`);
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isType = (t: string, v: unknown): boolean =>
  t === 'integer' ? Number.isInteger(v) : t === 'number' ? typeof v === 'number' && Number.isFinite(v) : t === 'object' ? typeOf(v) === 'object' : typeOf(v) === t;
const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function check(schema: Schema, v: unknown, at: string, doc: ApiDocument): Mismatch | null {
  if (schema === true) return null;
  if (schema === false) return { at, message: `${show(v)} is not allowed here` };
  const s = schema;
  for (const key of Object.keys(s)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`the answer check does not know the JSON Schema keyword "${key}" (at ${at || 'the body'}): teach test/helpers/api-description.ts`);
  }
  const miss = (message: string): Mismatch => ({ at, message });

  if (s.$ref !== undefined) {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    const target = m && doc.components.schemas[decodeURIComponent(m[1]!)];
    if (target === undefined || target === null) throw new Error(`the API description refers to ${s.$ref}, which it does not define`);
    const r = check(target, v, at, doc);
    if (r) return r;
  }
  if (s.type !== undefined) {
    const types: string[] = [].concat(s.type);
    if (!types.some((t) => isType(t, v))) return miss(`${show(v)} is ${typeOf(v)}, not ${types.join(' or ')}`);
  }
  if ('const' in s && !equal(v, s.const)) return miss(`${show(v)} is not ${show(s.const)}`);
  if (s.enum && !s.enum.some((e: unknown) => equal(e, v))) return miss(`${show(v)} is not one of ${s.enum.map(show).join(', ')}`);

  if (typeof v === 'string') {
    const length = [...v].length;
    if (s.minLength !== undefined && length < s.minLength) return miss(`${show(v)} is shorter than ${s.minLength} characters`);
    if (s.maxLength !== undefined && length > s.maxLength) return miss(`${show(v)} is longer than ${s.maxLength} characters`);
    if (s.pattern !== undefined && !regex(s.pattern).test(v)) return miss(`${show(v)} does not match ${s.pattern.length > 80 ? `the pattern of ${s.format ?? 'the field'}` : `/${s.pattern}/`}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return miss(`${v} is below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) return miss(`${v} is above the maximum ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return miss(`${v} is not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return miss(`${v} is not below ${s.exclusiveMaximum}`);
    if (s.multipleOf !== undefined && !Number.isInteger(v / s.multipleOf)) return miss(`${v} is not a multiple of ${s.multipleOf}`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) return miss(`has ${v.length} items, fewer than ${s.minItems}`);
    if (s.maxItems !== undefined && v.length > s.maxItems) return miss(`has ${v.length} items, more than ${s.maxItems}`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) return miss('has the same item twice');
    const prefix: Schema[] = s.prefixItems ?? [];
    for (const [i, item] of v.entries()) {
      const sub = i < prefix.length ? prefix[i] : s.items;
      if (sub === undefined) continue;
      const r = check(sub, item, `${at}[${i}]`, doc);
      if (r) return r;
    }
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    for (const k of s.required ?? []) if (!(k in o)) return { at: field(at, k), message: 'is missing' };
    if (s.minProperties !== undefined && keys.length < s.minProperties) return miss(`has ${keys.length} fields, fewer than ${s.minProperties}`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) return miss(`has ${keys.length} fields, more than ${s.maxProperties}`);
    for (const k of keys) {
      if (s.propertyNames !== undefined) {
        const r = check(s.propertyNames, k, at, doc);
        if (r) return { at: field(at, k), message: `is not an allowed name: ${r.message}` };
      }
      let known = false;
      if (s.properties && Object.hasOwn(s.properties, k)) {
        known = true;
        const r = check(s.properties[k], o[k], field(at, k), doc);
        if (r) return r;
      }
      for (const [p, sub] of Object.entries((s.patternProperties ?? {}) as Record<string, Schema>)) {
        if (!regex(p).test(k)) continue;
        known = true;
        const r = check(sub, o[k], field(at, k), doc);
        if (r) return r;
      }
      if (!known && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) return { at: field(at, k), message: `is not in the API description (it names ${Object.keys(s.properties ?? {}).join(', ') || 'no fields'})` };
        const r = check(s.additionalProperties, o[k], field(at, k), doc);
        if (r) return r;
      }
    }
  }

  for (const sub of s.allOf ?? []) {
    const r = check(sub, v, at, doc);
    if (r) return r;
  }
  if (s.anyOf) {
    const misses = (s.anyOf as Schema[]).map((sub) => check(sub, v, at, doc));
    if (!misses.includes(null)) return closest(s.anyOf, misses as Mismatch[], v);
  }
  if (s.oneOf) {
    const misses = (s.oneOf as Schema[]).map((sub) => check(sub, v, at, doc));
    const matched = misses.filter((m) => m === null).length;
    if (matched === 0) return closest(s.oneOf, misses as Mismatch[], v);
    if (matched > 1) return miss(`matches ${matched} of the alternatives, where exactly one must`);
  }
  if (s.not !== undefined && check(s.not, v, at, doc) === null) return miss(`${show(v)} matches what is excluded here`);
  return null;
}

/**
 * Of the alternatives a value matches none of, the mismatch that says most:
 * among the members whose tag (a const field, such as kind) the value has,
 * the deepest; a nullable field's value is checked against its non-null type.
 */
function closest(alternatives: Schema[], misses: Mismatch[], v: unknown): Mismatch {
  const tagged = (a: Schema) =>
    typeof a === 'object' &&
    typeOf(v) === 'object' &&
    Object.entries((a.properties ?? {}) as Record<string, Schema>).every(([k, p]) => typeof p !== 'object' || !('const' in p) || equal((v as Record<string, unknown>)[k], p.const));
  const candidates = misses.filter((_, i) => tagged(alternatives[i]!));
  const depth = (m: Mismatch) => (m.at ? m.at.split(/\.|\[/).length : 0);
  return (candidates.length ? candidates : misses).reduce((best, m) => (depth(m) > depth(best) ? m : best));
}
