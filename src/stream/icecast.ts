// The Icecast engine: for districts and provinces with more listeners than
// one server should feed. The server is Icecast's source client (HTTP PUT,
// Icecast ≥ 2.4) and receivers get Icecast's URL. Low latency needs the mount
// (or Icecast's default) configured with burst-on-connect off (burst-size 0):
// see docs/live.md.
import net from 'node:net';
import type { LiveMount, StreamEngine } from './engine.js';

export interface IcecastOptions {
  /** `http://source:<password>@host:8000`: where the server pushes (credentials of the source user). */
  url: string;
  /** Base URL receivers use to reach Icecast, when it differs from `url` (NAT, a public name). */
  publicUrl?: string | null;
}

/**
 * One silent MPEG-1 Layer III frame, 64 kb/s, 44.1 kHz, mono (the live
 * encoder's format, src/audio/ffmpeg.ts): all-zero side information and
 * main data decode to silence.
 */
const SILENT_FRAME = (() => {
  const f = Buffer.alloc(208);
  f.set([0xff, 0xfb, 0x50, 0xc4]);
  return f;
})();
/**
 * Icecast drops a source that sends nothing for its source-timeout (10 s by
 * default): a session waiting for the officer's first words, or paused, must
 * not lose its mount. With nothing written for this long, a silent frame is.
 */
const KEEPALIVE_MS = 2000;

class IcecastMount implements LiveMount {
  private readonly socket: net.Socket;
  private closed = false;
  /** end() was called: a close after it is the one we asked for. */
  private ending = false;
  private lost: string | null = null;
  private lostListener: ((why: string) => void) | null = null;
  private lastWrite = Date.now();
  private keepalive: NodeJS.Timeout | null = null;

  constructor(
    private readonly target: URL,
    readonly listenerUrl: string,
    private readonly statusUrl: URL,
    private readonly mount: string,
  ) {
    this.socket = net.connect(Number(target.port || 80), target.hostname);
    this.socket.setNoDelay(true);
    let error = '';
    this.socket.on('error', (err) => (error = err.message));
    this.socket.once('close', () => {
      this.closed = true;
      if (this.keepalive) clearInterval(this.keepalive);
      if (this.ending) return;
      this.lost = `Icecast closed the source connection on ${this.mount}${error ? `: ${error}` : ''}`;
      this.lostListener?.(this.lost);
    });
  }

  onLost(listener: (why: string) => void): void {
    this.lostListener = listener;
    if (this.lost) listener(this.lost);
  }

  /**
   * Sends the source request and resolves once Icecast accepts it. A raw
   * socket, because Icecast 2.4 reads a source's body as plain bytes: a
   * chunked body (what node's http client sends without a length) would
   * put the chunk sizes into the audio.
   */
  accepted(): Promise<void> {
    const user = decodeURIComponent(this.target.username || 'source');
    const auth = Buffer.from(`${user}:${decodeURIComponent(this.target.password)}`).toString('base64');
    const head = [
      `PUT ${this.mount} HTTP/1.1`,
      `Host: ${this.target.host}`,
      `Authorization: Basic ${auth}`,
      'Content-Type: audio/mpeg',
      'Ice-Public: 0',
      'Ice-Name: Loa Lang',
      'Expect: 100-continue',
      '',
      '',
    ].join('\r\n');
    return new Promise((resolve, reject) => {
      let answer = '';
      const onData = (d: Buffer) => {
        answer += d.toString('latin1');
        const line = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(answer);
        if (!line) return;
        this.socket.off('data', onData);
        this.socket.resume();
        if (line[1] === '100' || line[1] === '200') {
          this.keepalive = setInterval(() => {
            if (!this.closed && !this.ending && Date.now() - this.lastWrite >= KEEPALIVE_MS) this.write(SILENT_FRAME);
          }, KEEPALIVE_MS / 2);
          this.keepalive.unref();
          resolve();
        }
        else {
          this.socket.destroy();
          reject(new Error(`Icecast refused the source on ${this.mount}: HTTP ${line[1]}`));
        }
      };
      this.socket.on('data', onData);
      this.socket.once('close', () => reject(new Error(`Icecast closed the source connection on ${this.mount}`)));
      this.socket.once('error', (err) => reject(err));
      this.socket.write(head);
    });
  }

  write(frames: Buffer): void {
    if (this.closed || !frames.length) return;
    this.lastWrite = Date.now();
    this.socket.write(frames);
  }

  async end(): Promise<void> {
    this.ending = true;
    if (this.keepalive) clearInterval(this.keepalive);
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3000);
      this.socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.socket.destroy();
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
