// What bulletins mean on each end of the upstream link (src/upstream/
// carries the messages). On a province: bulletins for linked communes go down
// the link, their reports come back into the bulletin's per-commune state
// and the province's reports. On a commune: bulletins from the province are
// fetched, verified and handled as in one server; receiver status, bulletin
// states and the as-played log go up.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/index.js';
import type { BroadcastStatus, BulletinRow } from '../db/schema.js';
import type { MediaCatalog } from '../broadcasts/service.js';
import type { MediaStore } from '../audio/media-store.js';
import type { ReceiverView } from '../receivers/service.js';
import type { ZoneService } from '../zones/service.js';
import type { Logger } from '../log.js';
import type { BulletinMessage, DownMessage, Outgoing, UpMessage } from '../upstream/messages.js';
import type { Downstream } from '../upstream/hub.js';
import { Refusal } from '../upstream/session.js';
import type { BulletinRelay, BulletinService, CommuneReport } from './service.js';
import type { DownstreamStore } from './downstreams.js';

const FINAL: BroadcastStatus[] = ['done', 'partial', 'failed', 'expired', 'cancelled'];
/** Largest bulletin audio fetched from the province (an hour of 64 kb/s MP3 is ~29 MB). */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 120_000;

/** Province side. */
export function provinceLink(deps: {
  bulletins: BulletinService;
  downstreams: DownstreamStore;
  zones: ZoneService;
  media: MediaCatalog;
  mediaUrl: (sha256: string) => string;
  send: (downstreamId: string, message: Outgoing<DownMessage>) => Promise<void>;
  /** Drops a message still owed to a downstream (not yet acked). */
  unsend: (downstreamId: string, messageId: string) => Promise<void>;
}): { relay: BulletinRelay; handle: (from: Downstream, message: UpMessage) => Promise<void> } {
  const relay: BulletinRelay = {
    downstreamFor: (zoneId) => deps.downstreams.forZone(zoneId),
    async send(downstreamId, b: BulletinRow) {
      const media = await deps.media.get(b.media_sha256!);
      if (!media) throw new Error(`bulletin ${b.id} has no media`);
      await deps.send(downstreamId, {
        type: 'bulletin',
        id: `bulletin-${b.id}`,
        bulletin: {
          id: b.id,
          title: b.title,
          text: b.text,
          level: b.level,
          category: b.category,
          startAt: b.start_at,
          expiresAt: b.expires_at,
          media: { url: deps.mediaUrl(media.sha256), sha256: media.sha256, bytes: Number(media.bytes), durationMs: media.duration_ms, format: 'mp3' },
        },
      });
    },
    async withdraw(downstreamId, b: BulletinRow, reason) {
      // Still owed (the link is down): it never leaves. Either way the withdrawal follows it on the
      // same ordered link, so a commune that got it in between takes it back.
      await deps.unsend(downstreamId, `bulletin-${b.id}`);
      await deps.send(downstreamId, { type: 'withdraw', id: `withdraw-${b.id}`, bulletinId: b.id, reason });
    },
  };
  const handle = async (from: Downstream, m: UpMessage): Promise<void> => {
    // A token covers its commune zone and what is below it, nothing else.
    if (!(await deps.zones.lineage(m.zoneId)).includes(from.zoneId)) {
      throw new Refusal(`Vùng ${m.zoneId} nằm ngoài phạm vi mã kết nối (zone ${m.zoneId} is not covered by this token, which is for ${from.zoneId})`, 'forbidden');
    }
    await deps.downstreams.seen(from.id);
    switch (m.type) {
      case 'status':
        return deps.downstreams.applyStatus(from.id, m);
      case 'played':
        return deps.downstreams.applyPlayed(from.id, m);
      case 'bulletin-state': {
        const report: CommuneReport = { state: m.state, reason: m.reason, placedAt: m.placedAt, counts: m.counts };
        if (!(await deps.bulletins.applyReport(m.bulletinId, from.id, report))) {
          throw new Refusal(`Bản tin ${m.bulletinId} không gửi tới xã này (bulletin ${m.bulletinId} was not sent to this commune)`, 'not_found');
        }
      }
    }
  };
  return { relay, handle };
}

/** Commune side: reports go up through `send`; `handle` takes what comes down. */
export class CommuneLink {
  private readonly lastState = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly online = new Map<string, { online: boolean; name: string }>();
  private changes: { receiverId: string; name: string; online: boolean; at: string }[] = [];
  private statusTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      bulletins: BulletinService;
      store: MediaStore;
      send: (message: Outgoing<UpMessage>) => Promise<void>;
      statusIntervalMs: number;
      log: Logger;
    },
  ) {}

  /** Starts reporting: a full status first (the province may know nothing yet), then changes. */
  async start(): Promise<void> {
    const rows = await this.deps.db.selectFrom('receivers').select(['id', 'name', 'online']).orderBy('id').execute();
    const at = new Date().toISOString();
    for (const r of rows) {
      this.online.set(r.id, { online: r.online === 1, name: r.name });
      this.changes.push({ receiverId: r.id, name: r.name, online: r.online === 1, at });
    }
    await this.flushStatus();
    this.statusTimer = setInterval(() => void this.flushStatus().catch((e: Error) => this.deps.log.error('status report failed', { error: e.message })), this.deps.statusIntervalMs);
  }

  stop(): void {
    if (this.statusTimer) clearInterval(this.statusTimer);
    for (const t of this.timers.values()) clearTimeout(t);
  }

  onReceiver(view: ReceiverView): void {
    const before = this.online.get(view.id);
    if (before && before.online === view.online) return;
    this.online.set(view.id, { online: view.online, name: view.name });
    this.changes.push({ receiverId: view.id, name: view.name, online: view.online, at: new Date().toISOString() });
  }

  private async flushStatus(): Promise<void> {
    if (this.changes.length === 0) return;
    const changes = this.changes;
    this.changes = [];
    const values = [...this.online.values()];
    const online = values.filter((v) => v.online).length;
    const at = new Date().toISOString();
    // A message carries at most 1000 changes (docs/upstream.md).
    for (let i = 0; i < changes.length; i += 1000) {
      await this.deps.send({ type: 'status', id: `status-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`, at, online, offline: values.length - online, changes: changes.slice(i, i + 1000) });
    }
  }

  /** A bulletin changed here: if it came from the province, its state goes up (once per change, shortly after it settles). */
  onBulletin(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        void this.reportBulletin(id).catch((e: Error) => this.deps.log.error('bulletin report failed', { bulletinId: id, error: e.message }));
      }, 200),
    );
  }

  private async reportBulletin(id: string): Promise<void> {
    const b = await this.deps.bulletins.get(id);
    if (!b?.upstream_id) return;
    const report = await this.deps.bulletins.communeReport(id);
    if (!report) return;
    const key = JSON.stringify(report);
    if (this.lastState.get(id) === key) return;
    this.lastState.set(id, key);
    await this.deps.send({
      type: 'bulletin-state',
      id: `state-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`,
      at: new Date().toISOString(),
      bulletinId: b.upstream_id,
      state: report.state,
      reason: report.reason ?? null,
      placedAt: report.placedAt ?? null,
      counts: report.counts as Record<string, number>,
    });
  }

  /** A broadcast's status changed: once final, it goes into the as-played log sent up. */
  async onBroadcast(broadcastId: string): Promise<void> {
    const b = await this.deps.db.selectFrom('broadcasts').selectAll().where('id', '=', broadcastId).executeTakeFirst();
    if (!b || !FINAL.includes(b.status) || !b.counts_json) return;
    const media = b.media_sha256 ? await this.deps.db.selectFrom('media').select('duration_ms').where('sha256', '=', b.media_sha256).executeTakeFirst() : undefined;
    const [targets, link] = await Promise.all([
      this.deps.db.selectFrom('broadcast_targets').select('zone_id').where('broadcast_id', '=', b.id).execute(),
      this.deps.db.selectFrom('bulletin_communes').innerJoin('bulletins', 'bulletins.id', 'bulletin_communes.bulletin_id').select('bulletins.upstream_id').where('bulletin_communes.broadcast_id', '=', b.id).executeTakeFirst(),
    ]);
    await this.deps.send({
      type: 'played',
      // One report per broadcast: queued twice, it is still one.
      id: `played-${b.id}`,
      broadcastId: b.id,
      bulletinId: link?.upstream_id ?? null,
      title: b.title,
      priority: b.priority,
      status: b.status as 'done',
      startAt: b.start_at,
      zoneIds: targets.flatMap((t) => (t.zone_id ? [t.zone_id] : [])),
      counts: JSON.parse(b.counts_json),
      ...(media && { durationMs: media.duration_ms * b.repeat }),
    });
  }

  /** A message from the province. Throwing leaves it unacked (the province resends it); a Refusal refuses it for good. */
  async handle(m: DownMessage): Promise<void> {
    if (m.type === 'withdraw') {
      const row = await this.deps.bulletins.withdrawFromUpstream(m.bulletinId, m.reason, `upstream:${m.zoneId}`);
      if (row) this.onBulletin(row.id);
      return;
    }
    const b = m.bulletin;
    await this.fetchMedia(b.media);
    const row = await this.deps.bulletins.receive(
      b.id,
      {
        title: b.title,
        text: b.text ?? undefined,
        mediaSha256: b.media.sha256,
        level: b.level,
        category: b.category ?? undefined,
        startAt: b.startAt ? new Date(b.startAt) : undefined,
        expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined,
      },
      `upstream:${m.zoneId}`,
    );
    this.onBulletin(row.id);
  }

  /** Downloads the bulletin's audio once and keeps it only if its sha256 is the one announced. */
  private async fetchMedia(media: BulletinMessage['bulletin']['media']): Promise<void> {
    if (await this.deps.store.get(media.sha256)) return;
    if (media.bytes > MAX_MEDIA_BYTES) throw new Refusal(`media is ${media.bytes} bytes, more than ${MAX_MEDIA_BYTES}`, 'too_large');
    const res = await fetch(media.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`media ${media.url}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== media.sha256) throw new Error(`media ${media.url}: sha256 ${sha256} is not the announced ${media.sha256}`);
    const tmp = path.join(os.tmpdir(), `loa-upstream-${crypto.randomUUID()}.mp3`);
    await fs.writeFile(tmp, bytes);
    await this.deps.store.put(tmp, { source: 'upload', durationMs: media.durationMs, originalName: `upstream ${media.sha256.slice(0, 12)}.mp3` });
  }
}
