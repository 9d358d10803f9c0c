// A JSON POST per notice: a bot or the province's system decides what to do.
import type { Notice, NoticeChannel } from './channel.js';

export class WebhookChannel implements NoticeChannel {
  readonly name = 'webhook';

  constructor(private readonly url: string, private readonly timeoutMs = 10_000) {}

  async send(notice: Notice): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // Drain the body so the connection is reused or closed.
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
