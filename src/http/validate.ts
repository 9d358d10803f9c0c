import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Validates a request body; a bad one is a 400 naming the first bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const msg = r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  throw new AppError(`invalid request: ${msg}`, 400, 'invalid_request');
}
