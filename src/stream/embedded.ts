// The embedded engine: this process fans each session's MP3 out to the
// receivers connected to GET /live/<session>.mp3 (chunked, no Content-Length).
// A listener joins at the current frame, gets no backlog (latency matters
// more than a burst), and is dropped if it falls too far behind: it will
// reconnect. `?timeline=1` frames each chunk with the server instant it was
// produced, for receivers that play in step (docs/protocol.md).
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { LiveMount, StreamEngine } from './engine.js';

/** A listener this far behind (bytes queued in its socket) is cut: ~30 s of 64 kb/s. */
const MAX_BACKLOG_BYTES = 256 * 1024;
/** Timeline framing: 8-byte big-endian float epoch ms, 4-byte length, then that many bytes of MP3 frames. */
export const TIMELINE_HEADER_BYTES = 12;

interface Listener {
  res: Response;
  timeline: boolean;
}

class EmbeddedMount implements LiveMount {
  readonly listenerSet = new Set<Listener>();
  ended = false;
  bytes = 0;

  constructor(
    readonly id: string,
    readonly listenerUrl: string,
  ) {}

  write(frames: Buffer): void {
    if (this.ended || frames.length === 0) return;
    this.bytes += frames.length;
    let stamped: Buffer | undefined;
    for (const l of this.listenerSet) {
      if (l.res.writableLength > MAX_BACKLOG_BYTES) {
        this.listenerSet.delete(l);
        l.res.destroy();
        continue;
      }
      if (l.timeline) {
        stamped ??= stamp(frames, Date.now());
        l.res.write(stamped);
      } else {
        l.res.write(frames);
      }
    }
  }

  add(l: Listener): void {
    this.listenerSet.add(l);
    l.res.once('close', () => this.listenerSet.delete(l));
  }

  async end(): Promise<void> {
    this.ended = true;
    // A clean end of the chunked body: receivers ack `done`.
    for (const l of this.listenerSet) l.res.end();
    this.listenerSet.clear();
  }

  async listeners(): Promise<number> {
    return this.listenerSet.size;
  }

  /** In this process: nothing between the session and its listeners can break. */
  onLost(): void {}
}

function stamp(frames: Buffer, at: number): Buffer {
  const head = Buffer.alloc(TIMELINE_HEADER_BYTES);
  head.writeDoubleBE(at, 0);
  head.writeUInt32BE(frames.length, 8);
  return Buffer.concat([head, frames]);
}

export class EmbeddedEngine implements StreamEngine {
  readonly name = 'embedded' as const;
  private readonly mounts = new Map<string, EmbeddedMount>();
  /** Ended sessions answer 410 for a while, so a receiver that reconnects learns it is over. */
  private readonly ended = new Set<string>();

  constructor(
    private readonly opts: {
      publicUrl: string;
      secret: Buffer;
      /**
       * A session this process does not serve may run in another instance
       * (listeners reach any behind a load balancer): `passed` if the request
       * went there, `away` if that instance cannot be reached now, `over` if
       * the session ended, null if unknown.
       */
      elsewhere?: (sessionId: string, req: Request, res: Response) => Promise<'passed' | 'away' | 'over' | null>;
    },
  ) {}

  sign(sessionId: string): string {
    return crypto.createHmac('sha256', this.opts.secret).update(`live:${sessionId}`).digest('base64url').slice(0, 32);
  }

  async open(sessionId: string): Promise<LiveMount> {
    const mount = new EmbeddedMount(sessionId, `${this.opts.publicUrl}/live/${sessionId}.mp3?sig=${this.sign(sessionId)}`);
    this.mounts.set(sessionId, mount);
    const end = mount.end.bind(mount);
    mount.end = async () => {
      this.mounts.delete(sessionId);
      this.ended.add(sessionId);
      if (this.ended.size > 1000) this.ended.delete(this.ended.values().next().value!);
      await end();
    };
    return mount;
  }

  routes(): Router {
    const r = Router();
    r.get('/live/:file', async (req: Request, res: Response) => {
      const m = /^([A-Za-z0-9_-]{1,64})\.mp3$/.exec(req.params.file as string);
      const id = m?.[1];
      // Before the signature: each instance signs with its own key, so the one running the session checks it.
      const where = id && !this.mounts.has(id) ? await this.opts.elsewhere?.(id, req, res) : null;
      if (where === 'passed') return;
      if (where === 'over') {
        res.status(410).json(OVER);
        return;
      }
      // The receiver tries again (for 30 s): the instance comes back, or is found gone and the session over.
      if (where === 'away') {
        res.status(503).set('retry-after', '1').json({ error: 'Máy chủ giữ buổi phát trực tiếp chưa trả lời (the server running the live session does not answer)', code: 'live_unreachable' });
        return;
      }
      const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
      if (!id || !safeEqual(sig, this.sign(id))) {
        res.status(403).json({ error: 'Liên kết phát trực tiếp không hợp lệ (bad or missing stream signature)', code: 'bad_signature' });
        return;
      }
      const mount = this.mounts.get(id);
      if (!mount) {
        const over = this.ended.has(id);
        res.status(over ? 410 : 404).json(over ? OVER : { error: 'Không có buổi phát trực tiếp này (no such live session)', code: 'not_found' });
        return;
      }
      const timeline = req.query.timeline === '1';
      res.writeHead(200, {
        'content-type': timeline ? 'application/x-loa-timeline' : 'audio/mpeg',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.flushHeaders();
      req.socket.setNoDelay(true);
      mount.add({ res, timeline });
    });
    return r;
  }
}

const OVER = { error: 'Buổi phát trực tiếp đã kết thúc (the live session is over)', code: 'live_over' };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
