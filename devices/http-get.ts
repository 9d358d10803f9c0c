// GET over node's http(s) rather than fetch: fetch cannot be given a CA to
// trust, and a commune's server may use its own (`loa tls init`). Media
// downloads and live streams both come through here.
import { get as httpGet, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { get as httpsGet } from 'node:https';

export class NotHttpError extends Error {}

export function get(url: string, opts: { ca?: string | Buffer; signal: AbortSignal; headers?: OutgoingHttpHeaders }): Promise<IncomingMessage> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(new NotHttpError(`URL is not http(s): ${url}`));
  return new Promise((resolve, reject) => {
    const req = u.protocol === 'https:' ? httpsGet(u, { ca: opts.ca, signal: opts.signal, headers: opts.headers }, resolve) : httpGet(u, { signal: opts.signal, headers: opts.headers }, resolve);
    req.on('error', reject);
  });
}
