// Keyset paging for lists that grow with the fleet: the next page is asked
// for with the last item's key (`after`, `before`), named in a Link header.
import type { Request, Response } from 'express';
import { z } from 'zod';

/** `limit`: a whole number from 1 to `max`. */
export const limitParam = (dflt: number, max: number) => z.coerce.number().int().min(1).max(max).default(dflt);

/** A comma-separated list of values, each one of `values`. */
export const listParam = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

/** Sets `Link: <this request with cursor=key>; rel="next"` when there is a next page. */
export function linkNext(req: Request, res: Response, cursor: string, key: string | undefined): void {
  if (key === undefined) return;
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.set(cursor, key);
  res.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
}
