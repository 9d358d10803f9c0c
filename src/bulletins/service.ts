// Bulletins from a higher level (Thông tư 39/2020): a district or province
// sends one to communes. An emergency airs at once everywhere under them, a
// priority bulletin airs at its time ahead of the commune's own items, a
// normal one waits in each commune's inbox until its officer places it in the
// programme or declines it. Airing is an ordinary broadcast linked back here,
// so delivery, approval and reports are the broadcasts'.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { BroadcastRow, BroadcastStatus, BulletinCommuneRow, BulletinCommuneState, BulletinLevel, BulletinRow, DeliveryState } from '../db/schema.js';
import type { Principal } from '../access/tokens.js';
import { outOfScope, type ScopeAccess } from '../access/scope.js';
import type { BroadcastService, MediaCatalog, SpeechRenderer } from '../broadcasts/service.js';
import type { ZoneService } from '../zones/service.js';
import type { Logger } from '../log.js';
import { AppError } from '../errors.js';
import { actionVi, statusVi } from '../http/messages.js';
import { roleMay } from '../access/roles.js';
import { callerCommunes, checkCommune, checkSender, communeOf, communesUnder } from './scope.js';

/** Every airing of a bulletin carries it: the commune's calendar, lists and as-played log mark it "Bản tin cấp trên". */
const UPPER_LEVEL_CATEGORY = 'ban-tin-cap-tren';

interface NewBulletin {
  title: string;
  text?: string;
  mediaSha256?: string;
  level: BulletinLevel;
  zoneIds: string[];
  startAt?: Date;
  expiresAt?: Date;
  category?: string;
  repeat?: number;
}

/** The commune officer's choice for a normal bulletin: when, which hamlets (default: the whole commune), how many times. */
interface Placement {
  startAt: Date;
  zoneIds?: string[];
  repeat?: number;
}

/** A state a linked commune reported for a bulletin it received over the upstream link. */
export interface CommuneReport {
  state: BulletinCommuneState;
  reason?: string | null;
  placedAt?: string | null;
  counts?: Partial<Record<DeliveryState, number>>;
}

/** Where bulletins for communes that run their own server go (the upstream link's province side). */
export interface BulletinRelay {
  /** The linked downstream serving this commune zone, if there is one. */
  downstreamFor(zoneId: string): Promise<string | null>;
  send(downstreamId: string, bulletin: BulletinRow, zoneId: string): Promise<void>;
  /** The sender took it back: the linked commune stops what has not aired. */
  withdraw(downstreamId: string, bulletin: BulletinRow, reason: string): Promise<void>;
}

export interface BulletinEvents {
  /** A bulletin or its state in a commune changed. */
  changed: [bulletinId: string];
}

interface CommuneView {
  zoneId: string;
  name: string;
  state: BulletinCommuneState;
  placedAt: string | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  broadcastId: string | null;
  broadcastStatus: BroadcastStatus | null;
  /** Runs its own server, linked over the upstream link. */
  linked: boolean;
  /** Linked, and has not reported receiving it yet (the link is down, or the bulletin is on its way). */
  awaitingLink: boolean;
  counts: Partial<Record<DeliveryState, number>>;
  total: number;
}

interface BulletinView {
  id: string;
  title: string;
  text: string | null;
  mediaSha256: string | null;
  mediaUrl: string | null;
  level: BulletinLevel;
  category: string | null;
  startAt: string | null;
  expiresAt: string | null;
  status: BulletinRow['status'];
  /** Received from the province over the upstream link. */
  fromUpstream: boolean;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  communes: CommuneView[];
  /** Per commune state, counted. */
  states: Partial<Record<BulletinCommuneState, number>>;
  /** Deliveries per state over every commune. */
  counts: Partial<Record<DeliveryState, number>>;
  total: number;
}

/** An airing in one of these has not started: cancelled, not stopped. */
const NOT_STARTED: BroadcastStatus[] = ['draft', 'pending_approval', 'scheduled'];
const OVER: BroadcastStatus[] = ['done', 'partial', 'failed', 'expired', 'cancelled', 'stopped'];

const FINAL_STATE: Partial<Record<BroadcastStatus, BulletinCommuneState>> = { done: 'aired', partial: 'partial', failed: 'missed', expired: 'missed', cancelled: 'missed' };

export class BulletinService {
  readonly events = new EventEmitter<BulletinEvents>();
  private relay: BulletinRelay | null = null;

  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly broadcasts: BroadcastService,
    private readonly deps: {
      speech: SpeechRenderer;
      media: MediaCatalog;
      scopes: ScopeAccess;
      defaultExpiryMs: number;
      /** Stops an airing on air now (the dispatcher's stop). */
      stopBroadcast: (broadcastId: string, actor: string) => Promise<void>;
      log: Logger;
    },
  ) {}

  setRelay(relay: BulletinRelay): void {
    this.relay = relay;
  }

  /** A sender's bulletin: checked against its scope; an officer's waits for its own chairman, emergencies never wait. */
  async create(input: NewBulletin, by: Principal): Promise<BulletinRow> {
    await checkSender(this.zones, this.deps.scopes, by, input.zoneIds);
    const communes = await communesUnder(this.zones, input.zoneIds);
    const waits = input.level !== 'emergency' && by.role !== 'admin' && by.role !== 'chairman';
    return this.insert(input, communes, { by: by.actor, status: waits ? 'pending_approval' : 'sent' });
  }

  /** A bulletin from the province over the upstream link, for this server's communes; the same one again is the one already kept. */
  async receive(upstreamId: string, input: Omit<NewBulletin, 'zoneIds'>, from: string): Promise<BulletinRow> {
    const known = await this.db.selectFrom('bulletins').selectAll().where('upstream_id', '=', upstreamId).executeTakeFirst();
    if (known) return known;
    const communes = (await this.zones.list()).filter((z) => z.kind === 'commune').map((z) => z.id);
    if (communes.length === 0) throw new AppError('this server has no commune zone to receive bulletins in', 409);
    return this.insert(input, communes, { by: from, status: 'sent', upstreamId });
  }

  private async insert(input: Omit<NewBulletin, 'zoneIds'>, communes: string[], opts: { by: string; status: BulletinRow['status']; upstreamId?: string }): Promise<BulletinRow> {
    if (!input.text?.trim() && !input.mediaSha256) throw new AppError('Cần nội dung hoặc tệp âm thanh (give the text or a mediaSha256)');
    if (input.startAt && input.expiresAt && input.expiresAt <= input.startAt) throw new AppError('expiresAt must be after startAt');
    // From a sender, a bulletin already past its end is a mistake; from upstream it arrived late and is recorded as missed.
    if (!opts.upstreamId && input.expiresAt && input.expiresAt <= new Date()) throw new AppError('expiresAt is already in the past');
    let sha256 = input.mediaSha256;
    if (sha256) {
      if (!(await this.deps.media.get(sha256))) throw new AppError(`media ${sha256} does not exist: upload it first`);
    } else {
      sha256 = (await this.deps.speech.render(input.text!.trim())).sha256;
    }
    const now = nowIso();
    const row: BulletinRow = {
      id: `bl-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`,
      title: input.title,
      text: input.text?.trim() || null,
      media_sha256: sha256,
      level: input.level,
      category: input.category ?? null,
      start_at: input.startAt?.toISOString() ?? null,
      expires_at: input.expiresAt?.toISOString() ?? null,
      status: opts.status,
      upstream_id: opts.upstreamId ?? null,
      created_by: opts.by,
      approved_by: opts.status === 'sent' ? opts.by : null,
      created_at: now,
      updated_at: now,
      withdrawn_by: null,
      withdrawn_at: null,
      withdraw_reason: null,
    };
    const rows: BulletinCommuneRow[] = [];
    for (const zone_id of communes) {
      const downstream_id = this.relay && !opts.upstreamId ? await this.relay.downstreamFor(zone_id) : null;
      rows.push({ bulletin_id: row.id, zone_id, state: 'received', reason: null, placed_at: null, decided_by: null, decided_at: null, broadcast_id: null, downstream_id, counts_json: null, updated_at: now });
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('bulletins').values(row).execute();
      await tx.insertInto('bulletin_communes').values(rows).execute();
    });
    if (row.status === 'sent') await this.release(row);
    this.events.emit('changed', row.id);
    return row;
  }

  /** By a chairman (or admin) whose scope covers every commune it goes to. */
  async approve(id: string, by: Principal): Promise<BulletinRow> {
    await this.requireOver(id, by);
    const res = await this.db.updateTable('bulletins').set({ status: 'sent', approved_by: by.actor, updated_at: nowIso() }).where('id', '=', id).where('status', '=', 'pending_approval').executeTakeFirst();
    const row = await this.transitioned(id, res.numUpdatedRows, 'approved');
    await this.release(row);
    this.events.emit('changed', id);
    return row;
  }

  async reject(id: string, by: Principal): Promise<BulletinRow> {
    await this.requireOver(id, by);
    const res = await this.db.updateTable('bulletins').set({ status: 'rejected', approved_by: by.actor, updated_at: nowIso() }).where('id', '=', id).where('status', '=', 'pending_approval').executeTakeFirst();
    const row = await this.transitioned(id, res.numUpdatedRows, 'rejected');
    this.events.emit('changed', id);
    return row;
  }

  /**
   * The sender takes a bulletin back (sent by mistake, or overtaken by
   * events): its creator, or an approver over every commune it went to. Not
   * yet approved, it is cancelled. Sent, nothing of it airs any more where it
   * has not aired yet: a waiting airing is cancelled, one on air is stopped,
   * an inbox item can no longer be placed, and linked communes are told over
   * the link. What already aired stays in the record.
   */
  async withdraw(id: string, reason: string, by: Principal): Promise<BulletinRow> {
    const b = await this.require(id);
    if (b.upstream_id) throw new AppError('Bản tin của cấp trên chỉ cấp trên thu hồi được (a bulletin from the province is withdrawn by the province)', 403, 'forbidden');
    if (b.created_by !== by.actor && !roleMay(by.role, 'broadcasts:approve')) {
      throw new AppError('Chỉ người gửi, chủ tịch hoặc quản trị mới thu hồi được bản tin (only its sender, a chairman or an admin may withdraw it)', 403, 'forbidden');
    }
    await this.requireOver(id, by);
    const at = nowIso();
    const status = b.status === 'pending_approval' ? 'cancelled' : 'withdrawn';
    const res = await this.db
      .updateTable('bulletins')
      .set({ status, withdrawn_by: by.actor, withdrawn_at: at, withdraw_reason: reason, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', b.status === 'pending_approval' ? 'pending_approval' : 'sent')
      .executeTakeFirst();
    const row = await this.transitioned(id, res.numUpdatedRows, 'withdrawn');
    if (status === 'withdrawn') await this.takeBack(row, reason, by.actor);
    this.events.emit('changed', id);
    return row;
  }

  /** The province withdrew a bulletin this server received over the link (one it never received: nothing to do). */
  async withdrawFromUpstream(upstreamId: string, reason: string, from: string): Promise<BulletinRow | undefined> {
    const b = await this.db.selectFrom('bulletins').selectAll().where('upstream_id', '=', upstreamId).executeTakeFirst();
    if (!b) return undefined;
    const at = nowIso();
    const res = await this.db
      .updateTable('bulletins')
      .set({ status: 'withdrawn', withdrawn_by: from, withdrawn_at: at, withdraw_reason: reason, updated_at: at })
      .where('id', '=', b.id)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    if (res.numUpdatedRows > 0n) await this.takeBack(b, reason, from);
    this.events.emit('changed', b.id);
    return b;
  }

  private async takeBack(b: BulletinRow, reason: string, actor: string): Promise<void> {
    for (const zoneId of await this.communesOf(b.id)) {
      // A commune officer may be placing it right now: settle on what the row says when we write.
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await this.db.selectFrom('bulletin_communes').selectAll().where('bulletin_id', '=', b.id).where('zone_id', '=', zoneId).executeTakeFirstOrThrow();
        if (r.state !== 'received' && r.state !== 'placed') break;
        if (r.downstream_id) await this.relay!.withdraw(r.downstream_id, b, reason);
        else if (r.broadcast_id && !(await this.stopAiring(r.broadcast_id, actor))) break;
        if ((await this.setState(b.id, zoneId, { state: 'withdrawn', reason }, r.state)) > 0n) break;
      }
    }
  }

  /** Cancels or stops an airing; false when it was already over (it aired, and stays as it aired). */
  private async stopAiring(broadcastId: string, actor: string): Promise<boolean> {
    const airing = await this.broadcasts.require(broadcastId);
    if (OVER.includes(airing.status)) return false;
    try {
      if (NOT_STARTED.includes(airing.status)) await this.broadcasts.cancel(broadcastId, NOT_STARTED);
      else await this.deps.stopBroadcast(broadcastId, actor);
    } catch (err) {
      // Moved on in between (dispatched, or over): the dispatcher's state says what happened.
      this.deps.log.warn('withdrawn bulletin: its airing could not be stopped', { broadcastId, error: (err as Error).message });
    }
    return true;
  }

  /** The communes a bulletin went to. */
  async communesOf(id: string): Promise<string[]> {
    return (await this.db.selectFrom('bulletin_communes').select('zone_id').where('bulletin_id', '=', id).execute()).map((c) => c.zone_id);
  }

  /** Approving and withdrawing belong to the sender's level: above the communes, over every commune it goes to. */
  private async requireOver(id: string, by: Principal): Promise<void> {
    await this.require(id);
    await checkSender(this.zones, this.deps.scopes, by, await this.communesOf(id));
  }

  private async transitioned(id: string, updated: bigint, what: string): Promise<BulletinRow> {
    const row = await this.require(id);
    if (updated === 0n) throw new AppError(`Bản tin ${id} đang ở trạng thái ${statusVi(row.status)}, không thể ${actionVi(what)} (bulletin is ${row.status} and cannot be ${what})`, 409);
    return row;
  }

  /** Sent: linked communes get it over the link; here, emergencies and priority bulletins go on air, normal ones wait in the inbox. */
  private async release(b: BulletinRow): Promise<void> {
    const rows = await this.db.selectFrom('bulletin_communes').selectAll().where('bulletin_id', '=', b.id).execute();
    for (const r of rows) {
      if (r.downstream_id) await this.relay!.send(r.downstream_id, b, r.zone_id);
      else if (b.level !== 'normal') await this.air(b, r);
    }
  }

  private async air(b: BulletinRow, r: BulletinCommuneRow): Promise<void> {
    const now = new Date();
    const startAt = b.level === 'emergency' || !b.start_at ? now : new Date(b.start_at);
    const expiresAt = b.expires_at ? new Date(b.expires_at) : new Date(Math.max(startAt.getTime(), now.getTime()) + this.deps.defaultExpiryMs);
    if (expiresAt <= now) {
      await this.setState(b.id, r.zone_id, { state: 'missed', reason: 'Bản tin tới xã sau khi đã hết hạn (arrived after it expired)' });
      this.deps.log.warn('bulletin arrived after it expired: not aired', { bulletinId: b.id, zoneId: r.zone_id });
      return;
    }
    // Approved at the sender's level: the commune's own approval does not apply.
    const broadcast = await this.broadcasts.create(
      { title: b.title, text: b.text ?? undefined, mediaSha256: b.media_sha256 ?? undefined, zoneIds: [r.zone_id], priority: b.level, category: UPPER_LEVEL_CATEGORY, startAt, expiresAt },
      { actor: `bulletin:${b.id}`, role: 'admin', userId: null, zoneId: null },
    );
    await this.setState(b.id, r.zone_id, { state: 'placed', placed_at: broadcast.start_at, broadcast_id: broadcast.id });
  }

  /** The commune officer puts a normal bulletin in the programme, through the commune's own approval. */
  async place(id: string, communeId: string, placement: Placement, by: Principal): Promise<BroadcastRow> {
    await checkCommune(this.zones, this.deps.scopes, by, communeId);
    const { bulletin: b, row } = await this.inCommune(id, communeId);
    if (b.level !== 'normal') throw new AppError('Bản tin ưu tiên và khẩn cấp tự phát, không cần xếp lịch (only normal bulletins are placed by the commune)', 409);
    if (row.state !== 'received') throw new AppError(`Bản tin ở xã này đã ở trạng thái «${statusVi(row.state)}» (already ${row.state} in this commune)`, 409);
    const zoneIds = placement.zoneIds?.length ? placement.zoneIds : [communeId];
    for (const z of zoneIds) {
      if (!(await this.zones.get(z))) throw new AppError(`Không có vùng ${z} (zone ${z} does not exist)`, 400, 'invalid_request');
      if ((await communeOf(this.zones, z)) === communeId) continue;
      // Another commune's hamlet outside the caller's scope: the 403 every route gives, echoing only the id it was sent, not the hamlet's name.
      if (!(await this.deps.scopes.coversZone({ zoneId: by.zoneId }, z))) throw outOfScope(`khu vực ${z}`, { zoneId: z });
      throw new AppError(`Thôn ${z} không thuộc xã ${communeId} (zone ${z} is not in commune ${communeId})`, 400, 'invalid_request');
    }
    if (b.expires_at && placement.startAt >= new Date(b.expires_at)) throw new AppError(`Bản tin hết hạn lúc ${b.expires_at}: hãy chọn giờ sớm hơn (the bulletin expires at ${b.expires_at})`);
    const broadcast = await this.broadcasts.create(
      { title: b.title, text: b.text ?? undefined, mediaSha256: b.media_sha256 ?? undefined, zoneIds, priority: 'normal', category: UPPER_LEVEL_CATEGORY, startAt: placement.startAt, repeat: placement.repeat },
      by,
    );
    const res = await this.setState(id, communeId, { state: 'placed', placed_at: broadcast.start_at, broadcast_id: broadcast.id, decided_by: by.actor, decided_at: nowIso() }, 'received');
    if (res === 0n) {
      await this.broadcasts.cancel(broadcast.id).catch(() => undefined);
      throw new AppError('Bản tin vừa được xử lý bởi người khác (someone else just handled it)', 409);
    }
    return broadcast;
  }

  async decline(id: string, communeId: string, reason: string, by: Principal): Promise<void> {
    await checkCommune(this.zones, this.deps.scopes, by, communeId);
    const { row } = await this.inCommune(id, communeId);
    if (row.state !== 'received') throw new AppError(`Bản tin ở xã này đã ở trạng thái «${statusVi(row.state)}» (already ${row.state} in this commune)`, 409);
    await this.setState(id, communeId, { state: 'declined', reason, decided_by: by.actor, decided_at: nowIso() }, 'received');
  }

  /** What a linked commune reported about a bulletin sent to it. */
  async applyReport(id: string, downstreamId: string, report: CommuneReport): Promise<boolean> {
    const res = await this.db
      .updateTable('bulletin_communes')
      .set({ state: report.state, reason: report.reason ?? null, placed_at: report.placedAt ?? null, counts_json: JSON.stringify(report.counts ?? {}), updated_at: nowIso() })
      .where('bulletin_id', '=', id)
      .where('downstream_id', '=', downstreamId)
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) return false;
    this.events.emit('changed', id);
    return true;
  }

  /** A broadcast's status changed: if it airs a bulletin, that bulletin changed. */
  async onBroadcastStatus(broadcastId: string): Promise<void> {
    const r = await this.db.selectFrom('bulletin_communes').select('bulletin_id').where('broadcast_id', '=', broadcastId).executeTakeFirst();
    if (r) this.events.emit('changed', r.bulletin_id);
  }

  private async setState(id: string, zoneId: string, set: Partial<BulletinCommuneRow>, from?: BulletinCommuneState): Promise<bigint> {
    let q = this.db.updateTable('bulletin_communes').set({ ...set, updated_at: nowIso() }).where('bulletin_id', '=', id).where('zone_id', '=', zoneId);
    if (from) q = q.where('state', '=', from);
    const res = await q.executeTakeFirst();
    this.events.emit('changed', id);
    return res.numUpdatedRows;
  }

  private async inCommune(id: string, communeId: string): Promise<{ bulletin: BulletinRow; row: BulletinCommuneRow }> {
    const bulletin = await this.require(id);
    const row = await this.db.selectFrom('bulletin_communes').selectAll().where('bulletin_id', '=', id).where('zone_id', '=', communeId).executeTakeFirst();
    if (row && bulletin.status === 'withdrawn') {
      throw new AppError(`Bản tin đã được cấp trên thu hồi: ${bulletin.withdraw_reason ?? ''} (the bulletin was withdrawn by its sender)`, 409, 'withdrawn');
    }
    if (!row || bulletin.status !== 'sent') throw new AppError(`Xã ${communeId} không nhận bản tin ${id} (bulletin ${id} was not sent to commune ${communeId})`, 404);
    return { bulletin, row };
  }

  async get(id: string): Promise<BulletinRow | undefined> {
    return this.db.selectFrom('bulletins').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async require(id: string): Promise<BulletinRow> {
    const row = await this.get(id);
    if (!row) throw new AppError(`Không có bản tin ${id} (bulletin ${id} does not exist)`, 404);
    return row;
  }

  /** The bulletin with its state in each commune and the rolled-up delivery counts. */
  /** `by`: only the communes in the caller's scope, and a 404 when none is. */
  async view(id: string, by?: Principal): Promise<BulletinView> {
    const b = await this.require(id);
    let q = this.db.selectFrom('bulletin_communes').selectAll().where('bulletin_id', '=', id).orderBy('zone_id');
    const communes = by ? await callerCommunes(this.zones, by) : null;
    if (communes) q = q.where('zone_id', 'in', [...communes, '']);
    const rows = await q.execute();
    if (communes && rows.length === 0) throw new AppError(`Không có bản tin ${id} (bulletin ${id} does not exist)`, 404);
    return (await this.views([b], rows))[0]!;
  }

  /** Bulletins sent from this server to communes in the caller's scope, newest first. */
  async sent(limit: number, by: Principal): Promise<BulletinView[]> {
    const communes = await callerCommunes(this.zones, by);
    let q = this.db.selectFrom('bulletins').selectAll().where('upstream_id', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (communes) q = q.where('id', 'in', this.db.selectFrom('bulletin_communes').select('bulletin_id').where('zone_id', 'in', [...communes, '']));
    const bs = await q.execute();
    if (bs.length === 0) return [];
    let rows = this.db.selectFrom('bulletin_communes').selectAll().where('bulletin_id', 'in', bs.map((b) => b.id)).orderBy('zone_id');
    if (communes) rows = rows.where('zone_id', 'in', [...communes, '']);
    return this.views(bs, await rows.execute());
  }

  /** "Bản tin cấp trên": what reached these communes (null: all), newest first, one item per bulletin and commune. */
  async inbox(communes: string[] | null, limit: number): Promise<(Omit<BulletinView, 'communes' | 'states' | 'counts' | 'total'> & CommuneView)[]> {
    if (communes?.length === 0) return [];
    let q = this.db
      .selectFrom('bulletin_communes')
      .innerJoin('bulletins', 'bulletins.id', 'bulletin_communes.bulletin_id')
      .selectAll('bulletin_communes')
      .where('bulletins.status', 'in', ['sent', 'withdrawn'])
      .where('bulletin_communes.downstream_id', 'is', null)
      .orderBy('bulletins.created_at', 'desc')
      .limit(limit);
    if (communes) q = q.where('bulletin_communes.zone_id', 'in', communes);
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const bs = await this.db.selectFrom('bulletins').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.bulletin_id))]).execute();
    const views = new Map((await this.views(bs, rows)).map((v) => [v.id, v]));
    return rows.map((r) => {
      const { communes: cs, states: _s, counts: _c, total: _t, ...bulletin } = views.get(r.bulletin_id)!;
      return { ...bulletin, ...cs.find((c) => c.zoneId === r.zone_id)! };
    });
  }

  /** The commune-side state of one bulletin, as reported up the link. */
  async communeReport(id: string): Promise<CommuneReport | undefined> {
    const v = await this.view(id);
    const c = v.communes[0];
    if (!c) return undefined;
    // One server may hold several communes: the least advanced state stands for them all.
    const order: BulletinCommuneState[] = ['received', 'placed', 'declined', 'withdrawn', 'missed', 'partial', 'aired'];
    const first = [...v.communes].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state))[0]!;
    return { state: first.state, reason: first.reason, placedAt: first.placedAt, counts: v.counts };
  }

  private async views(bs: BulletinRow[], rows: BulletinCommuneRow[]): Promise<BulletinView[]> {
    const airings = await this.db.selectFrom('broadcasts').selectAll().where('id', 'in', [...rows.flatMap((r) => (r.broadcast_id ? [r.broadcast_id] : [])), '']).execute();
    const summaries = new Map((await this.broadcasts.summaries(airings)).map((s) => [s.id, s]));
    const names = new Map((await this.zones.list()).map((z) => [z.id, z.name]));
    return bs.map((b) => {
      const communes = rows
        .filter((r) => r.bulletin_id === b.id)
        .map((r): CommuneView => {
          const airing = r.broadcast_id ? summaries.get(r.broadcast_id) : undefined;
          const counts = airing?.counts ?? (r.counts_json ? (JSON.parse(r.counts_json) as Partial<Record<DeliveryState, number>>) : {});
          const state = r.downstream_id || !airing || r.state !== 'placed' ? r.state : (FINAL_STATE[airing.status] ?? 'placed');
          return {
            zoneId: r.zone_id,
            name: names.get(r.zone_id) ?? r.zone_id,
            state,
            placedAt: airing?.startAt ?? r.placed_at,
            reason: r.reason,
            decidedBy: r.decided_by,
            decidedAt: r.decided_at,
            broadcastId: r.broadcast_id,
            broadcastStatus: airing?.status ?? null,
            linked: r.downstream_id !== null,
            awaitingLink: r.downstream_id !== null && r.counts_json === null,
            counts,
            total: sum(counts),
          };
        });
      const states: Partial<Record<BulletinCommuneState, number>> = {};
      const counts: Partial<Record<DeliveryState, number>> = {};
      for (const c of communes) {
        states[c.state] = (states[c.state] ?? 0) + 1;
        // A linked commune's counts are by any name it sent ("constructor" too): only own keys add up.
        for (const [k, n] of Object.entries(c.counts) as [DeliveryState, number][]) counts[k] = (Object.hasOwn(counts, k) ? counts[k]! : 0) + n;
      }
      return {
        id: b.id,
        title: b.title,
        text: b.text,
        mediaSha256: b.media_sha256,
        mediaUrl: b.media_sha256 ? this.broadcasts.mediaUrl(b.media_sha256) : null,
        level: b.level,
        category: b.category,
        startAt: b.start_at,
        expiresAt: b.expires_at,
        status: b.status,
        fromUpstream: b.upstream_id !== null,
        createdBy: b.created_by,
        createdAt: b.created_at,
        approvedBy: b.approved_by,
        withdrawnBy: b.withdrawn_by,
        withdrawnAt: b.withdrawn_at,
        withdrawReason: b.withdraw_reason,
        communes,
        states,
        counts,
        total: sum(counts),
      };
    });
  }
}

const sum = (counts: Partial<Record<string, number>>): number => Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0);
