// A JSON POST per notice: a bot or the province's system decides what to do.
// A URL a commune typed is checked before each call (src/net/outbound.ts):
// it may not reach the server's own ports, the LAN or a cloud's metadata
// service unless ALERT_WEBHOOK_ALLOW names it; the server's own
// ALERT_WEBHOOK_URL is the operator's and goes anywhere.
import http from 'node:http';
import https from 'node:https';
import type { AddressPolicy } from '../net/outbound.js';
import type { Notice, NoticeChannel } from './channel.js';

export class WebhookChannel implements NoticeChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly opts: { addresses?: AddressPolicy; timeoutMs?: number } = {},
  ) {}

  async send(notice: Notice): Promise<void> {
    const status = await this.post(JSON.stringify(notice));
    if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
  }

  private post(body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const u = new URL(this.url);
      try {
        this.opts.addresses?.checkLiteralHost(u);
      } catch (refusal) {
        return reject(refusal);
      }
      const req = (u.protocol === 'https:' ? https : http).request(u, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: this.opts.timeoutMs ?? 10_000,
        ...(this.opts.addresses && { lookup: this.opts.addresses.lookupFor(u.hostname) }),
      }, (res) => {
        // Drain the body so the connection is reused or closed.
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      });
      req.once('timeout', () => req.destroy(new Error('webhook timed out')));
      req.once('error', reject);
      req.end(body);
    });
  }
}
