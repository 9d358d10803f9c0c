// The Icecast engine: for districts and provinces with more listeners than
// one server should feed. The server is Icecast's source client (HTTP PUT,
// Icecast ≥ 2.4) and receivers get Icecast's URL. Low latency needs the mount
// (or Icecast's default) configured with burst-on-connect off (burst-size 0):
// see docs/live.md.
import http from 'node:http';
import type { LiveMount, StreamEngine } from './engine.js';

export interface IcecastOptions {
  /** `http://source:<password>@host:8000`: where the server pushes (credentials of the source user). */
  url: string;
  /** Base URL receivers use to reach Icecast, when it differs from `url` (NAT, a public name). */
  publicUrl?: string | null;
}

class IcecastMount implements LiveMount {
  private readonly req: http.ClientRequest;
  private failed: Error | null = null;
  private readonly response: Promise<void>;

  constructor(
    private readonly target: URL,
    readonly listenerUrl: string,
    private readonly statusUrl: URL,
    private readonly mount: string,
  ) {
    const auth = Buffer.from(`${decodeURIComponent(target.username || 'source')}:${decodeURIComponent(target.password)}`).toString('base64');
    this.req = http.request({
      host: target.hostname,
      port: target.port || 80,
      path: mount,
      method: 'PUT',
      headers: {
        authorization: `Basic ${auth}`,
        'content-type': 'audio/mpeg',
        'ice-public': '0',
        'ice-name': 'Loa Làng',
        // Icecast answers 100-continue before it accepts data.
        expect: '100-continue',
      },
    });
    this.req.setNoDelay(true);
    this.response = new Promise((resolve) => {
      this.req.once('response', (res) => {
        if (res.statusCode! >= 300) this.failed = new Error(`Icecast refused the source on ${mount}: HTTP ${res.statusCode}`);
        res.resume();
        res.once('end', resolve);
      });
      this.req.once('error', (err) => {
        this.failed = err;
        resolve();
      });
      this.req.once('close', () => resolve());
    });
  }

  /** Resolves once Icecast took the source (100 Continue), rejects if it refused. */
  accepted(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.req.once('continue', () => resolve());
      void this.response.then(() => reject(this.failed ?? new Error(`Icecast closed the source connection on ${this.mount}`)));
    });
  }

  write(frames: Buffer): void {
    if (!this.failed && frames.length) this.req.write(frames);
  }

  async end(): Promise<void> {
    this.req.end();
    await Promise.race([this.response, new Promise((r) => setTimeout(r, 3000))]);
    this.req.destroy();
  }

  async listeners(): Promise<number | null> {
    try {
      const res = await fetch(this.statusUrl, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { icestats?: { source?: unknown } };
      const sources = body.icestats?.source;
      const list = (Array.isArray(sources) ? sources : sources ? [sources] : []) as { listenurl?: string; listeners?: number }[];
      const mine = list.find((s) => s.listenurl?.endsWith(this.mount));
      return mine?.listeners ?? 0;
    } catch {
      return null;
    }
  }
}

export class IcecastEngine implements StreamEngine {
  readonly name = 'icecast' as const;
  private readonly target: URL;
  private readonly publicBase: string;

  constructor(opts: IcecastOptions) {
    this.target = new URL(opts.url);
    const pub = new URL(opts.publicUrl ?? opts.url);
    pub.username = '';
    pub.password = '';
    this.publicBase = pub.toString().replace(/\/+$/, '');
  }

  async open(sessionId: string): Promise<LiveMount> {
    const mount = `/loa-${sessionId}.mp3`;
    const status = new URL('/status-json.xsl', this.target);
    status.username = '';
    status.password = '';
    const m = new IcecastMount(this.target, `${this.publicBase}${mount}`, status, mount);
    await m.accepted();
    return m;
  }
}
