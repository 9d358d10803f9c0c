// Table types for Kysely. Times are ISO-8601 UTC strings (sortable, identical
// on SQLite and PostgreSQL); booleans are 0/1 integers for the same reason.
import type { Generated, Selectable } from 'kysely';

export type ZoneKind = 'province' | 'district' | 'commune' | 'hamlet' | 'cluster';

export interface ZoneTable {
  id: string;
  name: string;
  parent_id: string | null;
  kind: ZoneKind;
  quiet_from: string | null;
  quiet_to: string | null;
  created_at: string;
}

export interface ReceiverTable {
  id: string;
  name: string;
  zone_id: string;
  secret_hash: string;
  /** PBKDF2 hash for Mosquitto's password file (see src/mqtt/mosquitto.ts). */
  mosquitto_hash: string | null;
  fw: string | null;
  volume: number;
  online: number;
  power: string | null;
  playing_json: string | null;
  last_seen_at: string | null;
  telemetry_json: string | null;
  telemetry_at: string | null;
  clock_offset_ms: number | null;
  lat: number | null;
  lon: number | null;
  created_at: string;
  /** Id and name folded for search (src/receivers/search.ts). */
  search_text: string;
  /** The level the technician chose (`volume` is what the receiver reports); null: never chosen. */
  volume_set: number | null;
  /** The amplifier the technician switched on or off (`power` is what the receiver reports). */
  power_set: 'on' | 'off' | null;
  amp_policy: AmpPolicy;
}

/** auto: the receiver switches its amplifier on for an item and off afterwards; manual: only the technician does. */
export type AmpPolicy = 'auto' | 'manual';

export interface MediaTable {
  sha256: string;
  format: string;
  bytes: number;
  duration_ms: number;
  loudness_i: number | null;
  true_peak: number | null;
  source: string;
  original_name: string | null;
  original_path: string | null;
  peaks_json: string | null;
  created_at: string;
}

export type BroadcastStatus =
  | 'draft'
  | 'pending_approval'
  | 'scheduled'
  | 'dispatching'
  | 'dispatched'
  | 'done'
  | 'partial'
  | 'failed'
  | 'expired'
  | 'cancelled'
  /** Stopped on air by a person (POST /broadcasts/:id/stop). */
  | 'stopped';

export interface BroadcastTable {
  id: string;
  title: string;
  text: string | null;
  media_sha256: string | null;
  priority: 'normal' | 'priority' | 'emergency';
  category: string | null;
  start_at: string;
  expires_at: string;
  repeat: number;
  volume: number | null;
  status: BroadcastStatus;
  cmd_id: string;
  dispatched_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  occurrence_id: string | null;
  /** Deliveries per state, JSON, written once the status is final (they no longer change then). */
  counts_json: string | null;
  /** Who stopped it on air (POST …/stop), and when. */
  stopped_by: string | null;
  stopped_at: string | null;
  /** The broadcast this one replays to the receivers that missed it. */
  replay_of: string | null;
  /** The voice that spoke it (a chain may have fallen back); null for uploaded media. */
  voice: string | null;
}

export interface BroadcastTargetTable {
  broadcast_id: string;
  zone_id: string | null;
  receiver_id: string | null;
}

export type DeliveryState =
  | 'queued'
  | 'received'
  | 'downloaded'
  | 'playing'
  | 'done'
  | 'failed'
  | 'preempted'
  | 'expired'
  | 'rejected'
  /** Not sent: the zone was in its quiet hours (server-side only). */
  | 'skipped';

export interface DeliveryTable {
  broadcast_id: string;
  receiver_id: string;
  state: DeliveryState;
  error: string | null;
  queued_at: string;
  received_at: string | null;
  downloaded_at: string | null;
  playing_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export type Role = 'admin' | 'officer' | 'chairman' | 'technician';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  created_at: string;
  /** The account's scope: a zone and everything below it; null = the whole system. */
  zone_id: string | null;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  role: Role;
  user_id: string | null;
  created_at: string;
  last_used_at: string | null;
  /** As users.zone_id. */
  zone_id: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details_json: string | null;
  /** The actor's scope (null: whole system). */
  scope_zone_id: string | null;
  /** The zone the change concerns (null: system-wide). */
  zone_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export type ScheduleStatus = 'draft' | 'pending_approval' | 'approved' | 'rejected' | 'archived';

export interface ScheduleTable {
  id: string;
  title: string;
  text: string | null;
  media_sha256: string | null;
  voice: string | null;
  /** Speaking rate (0.5–2); null: the voice's own. */
  rate: number | null;
  template_id: string | null;
  priority: 'normal' | 'priority' | 'emergency';
  category: string | null;
  kind: 'once' | 'cron' | 'rule' | 'holiday';
  spec_json: string;
  zone_ids_json: string;
  receiver_ids_json: string;
  repeat: number;
  status: ScheduleStatus;
  created_by: string;
  approved_by: string | null;
  approved_at: string | null;
  reject_reason: string | null;
  created_at: string;
  updated_at: string;
  /** A relay schedule: the stream it relays (src/live/) and for how long, instead of text or media. */
  relay_url: string | null;
  relay_duration_s: number | null;
}

export type OccurrenceState = 'planned' | 'rendering' | 'ready' | 'dispatched' | 'done' | 'partial' | 'missed' | 'cancelled';

export interface OccurrenceTable {
  id: string;
  schedule_id: string;
  at: string;
  state: OccurrenceState;
  media_sha256: string | null;
  broadcast_id: string | null;
  reason: string | null;
  /** The voice its render used. */
  voice: string | null;
  created_at: string;
  updated_at: string;
}

/** Characters sent to a cloud voice vendor in a month ('2026-11', commune time). */
export interface VoiceUsageTable {
  vendor: string;
  month: string;
  chars: number;
}

/** A zone's amplifier hours: its receivers switch the amplifier on at `on_at` and off at `off_at` (local HH:mm). */
export interface PowerScheduleTable {
  zone_id: string;
  on_at: string;
  off_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}


export type BulletinLevel = 'normal' | 'priority' | 'emergency';
/** pending_approval: the sender's own chairman has not approved it yet; sent: released to its communes; withdrawn: taken back by its sender. */
export type BulletinStatus = 'pending_approval' | 'sent' | 'rejected' | 'cancelled' | 'withdrawn';

export interface BulletinTable {
  id: string;
  title: string;
  text: string | null;
  media_sha256: string | null;
  level: BulletinLevel;
  category: string | null;
  start_at: string | null;
  expires_at: string | null;
  status: BulletinStatus;
  upstream_id: string | null;
  created_by: string;
  approved_by: string | null;
  created_at: string;
  updated_at: string;
  withdrawn_by: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

/** What a commune did with a bulletin; aired/partial/missed once its airing is over; withdrawn when the sender took it back before it was over. */
export type BulletinCommuneState = 'received' | 'placed' | 'declined' | 'aired' | 'partial' | 'missed' | 'withdrawn';

export interface BulletinCommuneTable {
  bulletin_id: string;
  zone_id: string;
  state: BulletinCommuneState;
  reason: string | null;
  placed_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  broadcast_id: string | null;
  downstream_id: string | null;
  counts_json: string | null;
  updated_at: string;
}

export interface DownstreamTable {
  id: string;
  zone_id: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  online: number;
  offline: number;
  status_at: string | null;
}

export interface DownstreamReceiverTable {
  downstream_id: string;
  receiver_id: string;
  name: string | null;
  online: number;
  changed_at: string;
}

export interface DownstreamPlayedTable {
  downstream_id: string;
  broadcast_id: string;
  bulletin_id: string | null;
  title: string;
  priority: BulletinLevel;
  status: string;
  start_at: string;
  zone_ids_json: string;
  counts_json: string;
  /** Time on air of one receiver (audio length × repeats), when the commune said. */
  duration_ms: number | null;
  received_at: string;
}

export interface LinkOutboxTable {
  seq: Generated<number>;
  id: string;
  peer: string;
  body_json: string;
  created_at: string;
}

export type LiveState = 'waiting' | 'on_air' | 'ended' | 'failed';

export interface LiveSessionTable {
  id: string;
  broadcast_id: string;
  /** browser (panel microphone over WebSocket), push (PUT …/audio), relay (sourceUrl). */
  source: 'browser' | 'push' | 'relay';
  source_url: string | null;
  state: LiveState;
  engine: 'embedded' | 'icecast';
  sync_delay_ms: number | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  recording_sha256: string | null;
  error: string | null;
  /** What receivers open (the instance that runs it serves or feeds it). */
  stream_url: string | null;
  /** Touched every few seconds by the instance running it: a stale one lost its instance. */
  alive_at: string | null;
  /** Who asked another instance to stop it. */
  stop_requested_by: string | null;
  /** Where the instance running it is reached (INSTANCE_URL): the others pass its push and listeners there. */
  instance_url: string | null;
}

/** A counter per cached table, bumped on every write (migration 021). */
export interface RevisionTable {
  name: string;
  n: number;
}

/** express-rate-limit's counts, shared by every instance (migration 022). */
export interface RateLimitTable {
  key: string;
  hits: number;
  reset_at: string;
}

export interface Database {
  revisions: RevisionTable;
  rate_limits: RateLimitTable;
  live_sessions: LiveSessionTable;
  zones: ZoneTable;
  receivers: ReceiverTable;
  media: MediaTable;
  broadcasts: BroadcastTable;
  broadcast_targets: BroadcastTargetTable;
  deliveries: DeliveryTable;
  users: UserTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  settings: SettingTable;
  power_schedules: PowerScheduleTable;
  schedules: ScheduleTable;
  occurrences: OccurrenceTable;
  bulletins: BulletinTable;
  bulletin_communes: BulletinCommuneTable;
  downstreams: DownstreamTable;
  downstream_receivers: DownstreamReceiverTable;
  downstream_played: DownstreamPlayedTable;
  link_outbox: LinkOutboxTable;
  voice_usage: VoiceUsageTable;
}

export type Zone = Selectable<ZoneTable>;
export type ReceiverRow = Selectable<ReceiverTable>;
export type MediaRow = Selectable<MediaTable>;
export type BroadcastRow = Selectable<BroadcastTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type ScheduleRow = Selectable<ScheduleTable>;
export type OccurrenceRow = Selectable<OccurrenceTable>;
export type BulletinRow = Selectable<BulletinTable>;
export type BulletinCommuneRow = Selectable<BulletinCommuneTable>;
export type LiveSessionRow = Selectable<LiveSessionTable>;
