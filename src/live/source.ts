// A relay's source URL is fetched by the server itself, from inside the
// commune's network: an officer's URL (or a hijacked panel's) must not reach
// the server's own ports, the LAN or a cloud's metadata service. Names are
// resolved and every address checked before connecting, the connection goes
// to the address that was checked (no second lookup to rebind), and each
// redirect is checked again. LIVE_SOURCE_ALLOW names the internal encoders
// that may be relayed all the same (the address checks: src/net/outbound.ts).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { AppError } from '../errors.js';
import { AddressPolicy } from '../net/outbound.js';

const MAX_REDIRECTS = 5;
/** A dropped source is opened again after these pauses (the last failure ends the relay). */
const RECONNECT_MS = [500, 1000, 2000, 4000];

const refused = (what: string) =>
  new AppError(`Không tiếp sóng được từ địa chỉ nội bộ hoặc riêng (${what}): chỉ địa chỉ công khai, hoặc địa chỉ có trong LIVE_SOURCE_ALLOW (the source URL reaches a loopback, private, link-local or unspecified address: ${what}; only public addresses, or those in LIVE_SOURCE_ALLOW)`, 400, 'source_not_allowed', { host: what });

export class SourcePolicy {
  private readonly addresses: AddressPolicy;

  /** `allow`: host names, addresses and CIDR ranges (LIVE_SOURCE_ALLOW). */
  constructor(allow: readonly string[]) {
    this.addresses = new AddressPolicy(allow, refused);
  }

  /** 400 unless the URL is http(s) and its host may be reached (resolving it now). */
  async check(url: string): Promise<void> {
    const u = this.parse(url);
    if (this.addresses.allowsHost(u.hostname)) return;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) return this.addresses.checkAddress(host);
    const addresses = await dns.promises.lookup(host, { all: true }).catch(() => {
      throw new AppError(`Không tìm thấy máy chủ nguồn ${host} (the source host does not resolve)`, 400, 'invalid_request');
    });
    for (const a of addresses) this.addresses.checkAddress(a.address, host);
  }

  /** The source's body, fetched as checked: redirects followed and checked, a dropped connection opened again. */
  open(url: string): Readable & { close(): void } {
    const out = new PassThrough();
    let current: http.ClientRequest | null = null;
    let closed = false;
    let failures = 0;
    const fail = (err: Error) => {
      if (closed) return;
      if (err instanceof AppError || failures >= RECONNECT_MS.length) return void out.destroy(err);
      setTimeout(connect, RECONNECT_MS[failures++]).unref();
    };
    const connect = () => {
      if (closed) return;
      this.get(url, 0, (req) => (current = req)).then((res) => {
        res.on('data', () => (failures = 0));
        res.pipe(out, { end: false });
        res.once('error', () => {});
        // A body cut short is a dropped link (opened again); one that ended is the end of the source.
        res.once('close', () => {
          res.unpipe(out);
          if (res.complete) out.end();
          else fail(new Error('the source connection dropped'));
        });
      }, fail);
    };
    connect();
    return Object.assign(out, {
      close() {
        closed = true;
        current?.destroy();
        out.destroy();
      },
    });
  }

  private parse(url: string): URL {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new AppError(`Địa chỉ nguồn không hợp lệ (not a URL: ${url})`, 400, 'invalid_request');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError(`Nguồn tiếp sóng phải là địa chỉ http:// hoặc https:// (the source must be an http:// or https:// URL, not ${u.protocol})`, 400, 'invalid_request');
    return u;
  }

  private get(url: string, hops: number, onRequest: (req: http.ClientRequest) => void): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      let u: URL;
      try {
        u = this.parse(url);
        this.addresses.checkLiteralHost(u);
      } catch (err) {
        return reject(err);
      }
      const req = (u.protocol === 'https:' ? https : http).get(u, { lookup: this.addresses.lookupFor(u.hostname), headers: { 'user-agent': 'loa-lang relay' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          if (hops >= MAX_REDIRECTS) return reject(new AppError(`Nguồn tiếp sóng chuyển hướng quá nhiều lần (the source redirects more than ${MAX_REDIRECTS} times)`, 400, 'invalid_request'));
          // In this callback a throw is uncaught and ends the process: a source answering
          // `Location: http://[::1` (no URL) took the server down with its relay.
          let next: string;
          try {
            next = new URL(res.headers.location, u).href;
          } catch {
            return reject(new AppError(`Nguồn tiếp sóng chuyển hướng tới địa chỉ không hợp lệ (the source redirects to something that is not a URL)`, 400, 'invalid_request'));
          }
          return this.get(next, hops + 1, onRequest).then(resolve, reject);
        }
        if (status < 200 || status >= 300) {
          res.resume();
          return reject(new Error(`the source answered HTTP ${status}`));
        }
        resolve(res);
      });
      onRequest(req);
      req.once('error', reject);
    });
  }
}
