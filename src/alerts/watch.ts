// Alerts that reach the technician when nobody has the panel open: a
// receiver offline, missing broadcasts, or with a faulty amplifier — by
// e-mail and webhook. Each fault is an incident kept in the database, so one
// receiver gets one notice when it starts and one when it ends, however many
// checks pass in between; a hamlet that goes dark at once (a power cut) gets
// one summary instead of a notice per receiver.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Notice, NoticeChannel } from '../notify/channel.js';
import { receiverAlertsByZone, type ThresholdsIn } from '../fleet/alerts.js';

export type IncidentKind = 'offline' | 'failing' | 'amp';

interface IncidentTable {
  id: string;
  receiver_id: string;
  zone_id: string;
  kind: IncidentKind;
  detail: string | null;
  opened_at: string;
  resolved_at: string | null;
  notified_at: string | null;
  resolve_notified_at: string | null;
}

interface Fault {
  receiverId: string;
  kind: IncidentKind;
  detail: string | null;
}

/** Amplifier states a receiver may report that are not faults (on, off by policy). */
const AMP_FINE = new Set(['ok', 'on', 'off']);

/** Notices per channel are retried this many times, then given up (logged): a dead channel must not stall the others. */
const SEND_TRIES = 3;

export interface AlertWatchOptions {
  /** When a receiver in each zone counts as offline or failing (each commune's settings). */
  thresholdsIn: ThresholdsIn;
  /** Where the notices about each zone go (its recipients, inherited). */
  channelsIn: (zoneIds: string[]) => Promise<Map<string, NoticeChannel[]>>;
  checkMs: number;
  isLeader: () => boolean;
  log: Logger;
  /** How a time is written in a notice (the commune's zone). */
  timezone: string;
}

export class AlertWatch {
  private readonly db;
  private readonly fleetDb: Db;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(db: Db, private readonly opts: AlertWatchOptions) {
    this.fleetDb = db;
    this.db = db.withTables<{ alert_incidents: IncidentTable }>();
  }

  start(): void {
    this.timer = setInterval(() => void this.check().catch((e: Error) => this.opts.log.warn('alert check failed', { error: e.message })), this.opts.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: open and close incidents, then tell people. Only the dispatching instance alerts, so two servers do not both send. */
  check(now = new Date()): Promise<void> {
    if (!this.opts.isLeader()) return Promise.resolve();
    this.running ??= this.pass(now).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: Date): Promise<void> {
    const at = now.toISOString();
    const faults = await this.faults(now);
    const open = await this.db.selectFrom('alert_incidents').selectAll().where('resolved_at', 'is', null).execute();
    const key = (receiverId: string, kind: string) => `${kind}:${receiverId}`;
    const openKeys = new Set(open.map((i) => key(i.receiver_id, i.kind)));
    const faultKeys = new Set(faults.map((f) => key(f.receiverId, f.kind)));
    const receivers = new Map((await this.db.selectFrom('receivers').select(['id', 'name', 'zone_id']).execute()).map((r) => [r.id, r]));

    const opened: IncidentTable[] = [];
    for (const f of faults) {
      const r = receivers.get(f.receiverId);
      if (!r || openKeys.has(key(f.receiverId, f.kind))) continue;
      opened.push({ id: `inc-${crypto.randomBytes(8).toString('hex')}`, receiver_id: f.receiverId, zone_id: r.zone_id, kind: f.kind, detail: f.detail, opened_at: at, resolved_at: null, notified_at: null, resolve_notified_at: null });
    }
    if (opened.length) await this.db.insertInto('alert_incidents').values(opened).execute();
    const cleared = open.filter((i) => !faultKeys.has(key(i.receiver_id, i.kind)));
    // A fault that cleared before anybody was told is not worth telling (a
    // receiver restarting); one whose receiver was deleted neither.
    const silent = cleared.filter((i) => i.notified_at === null || !receivers.has(i.receiver_id)).map((i) => i.id);
    const toldEnded = cleared.filter((i) => i.notified_at !== null && receivers.has(i.receiver_id));
    if (silent.length) await this.db.updateTable('alert_incidents').set({ resolved_at: at, notified_at: at, resolve_notified_at: at }).where('id', 'in', silent).execute();
    if (toldEnded.length) await this.db.updateTable('alert_incidents').set({ resolved_at: at }).where('id', 'in', toldEnded.map((i) => i.id)).execute();

    // A new fault waits one check before it is told, so receivers that fail
    // together (a hamlet's power cut) are told together.
    const settled = new Date(now.getTime() - this.opts.checkMs / 2).toISOString();
    const starting = open.filter((i) => i.notified_at === null && faultKeys.has(key(i.receiver_id, i.kind)) && i.opened_at <= settled);
    if (!starting.length && !toldEnded.length) return;

    const zones = new Map((await this.db.selectFrom('zones').select(['id', 'name']).execute()).map((z) => [z.id, z.name]));
    const online = await this.db
      .selectFrom('receivers')
      .select(['zone_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('online', '=', 1)
      .groupBy('zone_id')
      .execute();
    const onlineIn = new Map(online.map((o) => [o.zone_id, Number(o.n)]));
    const thresholds = await this.opts.thresholdsIn([...new Set(starting.map((i) => i.zone_id))]);
    const streakIn = new Map([...thresholds].map(([z, t]) => [z, t.failStreak]));
    const notices = this.notices(starting, toldEnded, { receivers, zones, onlineIn, streakIn, at });
    const channels = await this.opts.channelsIn([...new Set(notices.map((n) => n.data.zoneId as string))]);
    for (const n of notices) await this.deliver(n, channels.get(n.data.zoneId as string) ?? []);
    // Told once, whether or not every channel took it: a dead channel must not turn into a storm on the others.
    if (starting.length) await this.db.updateTable('alert_incidents').set({ notified_at: at }).where('id', 'in', starting.map((i) => i.id)).execute();
    if (toldEnded.length) await this.db.updateTable('alert_incidents').set({ resolve_notified_at: at }).where('id', 'in', toldEnded.map((i) => i.id)).execute();
  }

  /** What is wrong now, by the same rules as the technician's alert list. */
  private async faults(now: Date): Promise<Fault[]> {
    const { alerts } = await receiverAlertsByZone(this.fleetDb, this.opts.thresholdsIn, 100_000, now);
    const faults: Fault[] = alerts.map((a) =>
      a.kind === 'offline'
        ? { receiverId: a.receiverId, kind: 'offline', detail: a.lastSeenAt }
        : { receiverId: a.receiverId, kind: 'failing', detail: a.lastError ?? a.lastState },
    );
    const withTelemetry = await this.db.selectFrom('receivers').select(['id', 'telemetry_json']).where('online', '=', 1).where('telemetry_json', 'is not', null).execute();
    for (const r of withTelemetry) {
      const amp = (JSON.parse(r.telemetry_json!) as { amp?: unknown }).amp;
      if (typeof amp === 'string' && !AMP_FINE.has(amp)) faults.push({ receiverId: r.id, kind: 'amp', detail: amp });
    }
    return faults;
  }

  private notices(
    opened: IncidentTable[],
    resolved: IncidentTable[],
    ctx: { receivers: Map<string, { id: string; name: string; zone_id: string }>; zones: Map<string, string>; onlineIn: Map<string, number>; streakIn: Map<string, number>; at: string },
  ): Notice[] {
    const out: Notice[] = [];
    const name = (i: IncidentTable) => ctx.receivers.get(i.receiver_id)?.name ?? i.receiver_id;
    const zoneName = (zoneId: string) => ctx.zones.get(zoneId) ?? zoneId;
    const when = formatTime(ctx.at, this.opts.timezone);
    const byZone = (list: IncidentTable[]) => {
      const m = new Map<string, IncidentTable[]>();
      for (const i of list) m.set(i.zone_id, [...(m.get(i.zone_id) ?? []), i]);
      return m;
    };
    const receiverData = (list: IncidentTable[]) => list.map((i) => ({ id: i.receiver_id, name: name(i) }));

    for (const [zoneId, list] of byZone(opened.filter((i) => i.kind === 'offline'))) {
      if (list.length >= 2 && !ctx.onlineIn.get(zoneId)) {
        out.push({
          type: 'zone.offline',
          subject: `[Loa Làng] ${zoneName(zoneId)}: mất kết nối toàn bộ (${list.length} cụm loa)`,
          text: `Lúc ${when}, toàn bộ ${list.length} cụm loa ở ${zoneName(zoneId)} mất kết nối (có thể mất điện hoặc mất mạng):\n${list.map((i) => `- ${name(i)} (${i.receiver_id})`).join('\n')}`,
          at: ctx.at,
          data: { zoneId, zoneName: zoneName(zoneId), receivers: receiverData(list) },
        });
        continue;
      }
      for (const i of list) {
        out.push({
          type: 'receiver.offline',
          subject: `[Loa Làng] ${name(i)} (${zoneName(zoneId)}) mất kết nối`,
          text: `Cụm loa ${name(i)} (${i.receiver_id}) ở ${zoneName(zoneId)} mất kết nối${i.detail ? ` từ ${formatTime(i.detail, this.opts.timezone)}` : ''}.`,
          at: ctx.at,
          data: { zoneId, zoneName: zoneName(zoneId), receiverId: i.receiver_id, receiverName: name(i), lastSeenAt: i.detail },
        });
      }
    }
    for (const i of opened.filter((x) => x.kind === 'failing')) {
      out.push({
        type: 'receiver.failing',
        subject: `[Loa Làng] ${name(i)} (${zoneName(i.zone_id)}) liên tiếp không phát được`,
        text: `Cụm loa ${name(i)} (${i.receiver_id}) ở ${zoneName(i.zone_id)} đã bỏ lỡ ${ctx.streakIn.get(i.zone_id)} bản tin liên tiếp${i.detail ? ` (lỗi gần nhất: ${i.detail})` : ''}.`,
        at: ctx.at,
        data: { zoneId: i.zone_id, zoneName: zoneName(i.zone_id), receiverId: i.receiver_id, receiverName: name(i), lastError: i.detail },
      });
    }
    for (const i of opened.filter((x) => x.kind === 'amp')) {
      out.push({
        type: 'receiver.amp',
        subject: `[Loa Làng] ${name(i)} (${zoneName(i.zone_id)}): lỗi bộ khuếch đại`,
        text: `Cụm loa ${name(i)} (${i.receiver_id}) ở ${zoneName(i.zone_id)} báo bộ khuếch đại: ${i.detail}.`,
        at: ctx.at,
        data: { zoneId: i.zone_id, zoneName: zoneName(i.zone_id), receiverId: i.receiver_id, receiverName: name(i), amp: i.detail },
      });
    }
    for (const [zoneId, list] of byZone(resolved.filter((i) => i.kind === 'offline'))) {
      const names = list.map(name).join(', ');
      out.push({
        type: list.length >= 2 ? 'zone.online' : 'receiver.online',
        subject: list.length >= 2 ? `[Loa Làng] ${zoneName(zoneId)}: ${list.length} cụm loa đã kết nối lại` : `[Loa Làng] ${names} (${zoneName(zoneId)}) đã kết nối lại`,
        text: `Lúc ${when}, ${list.length >= 2 ? `${list.length} cụm loa ở ${zoneName(zoneId)} đã kết nối lại: ${names}` : `cụm loa ${names} ở ${zoneName(zoneId)} đã kết nối lại`}.`,
        at: ctx.at,
        data: { zoneId, zoneName: zoneName(zoneId), receivers: receiverData(list) },
      });
    }
    return out;
  }

  private async deliver(notice: Notice, channels: NoticeChannel[]): Promise<void> {
    await Promise.all(
      channels.map(async (ch) => {
        for (let attempt = 1; ; attempt++) {
          try {
            await ch.send(notice);
            return;
          } catch (err) {
            if (attempt >= SEND_TRIES) {
              this.opts.log.warn(`could not send an alert by ${ch.name}`, { type: notice.type, error: (err as Error).message });
              return;
            }
            await new Promise((r) => setTimeout(r, 500 * attempt));
          }
        }
      }),
    );
  }
}

function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' }).format(new Date(iso));
}
