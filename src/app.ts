// The composition root: builds every feature on the chosen infrastructure
// (SQLite or PostgreSQL; embedded or external broker) and starts it.
import http from 'node:http';
import net from 'node:net';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type OpenedDatabase } from './db/index.js';
import type { Logger } from './log.js';
import { Topics } from './mqtt/protocol.js';
import { PortInUseError, startEmbeddedBroker, type EmbeddedBroker } from './mqtt/broker.js';
import { ServerBus } from './mqtt/bus.js';
import { ZoneService } from './zones/service.js';
import { zoneRoutes } from './zones/routes.js';
import { ReceiverService } from './receivers/service.js';
import { receiverRoutes } from './receivers/routes.js';
import { BroadcastService } from './broadcasts/service.js';
import { Dispatcher } from './broadcasts/dispatcher.js';
import { broadcastRoutes } from './broadcasts/routes.js';
import { AuditLog } from './access/audit.js';
import { TokenService } from './access/tokens.js';
import { ScopeAccess, scopeOf } from './access/scope.js';
import { auditRoutes } from './access/routes.js';
import { streamFilter } from './access/stream-filter.js';
import { MediaOwners } from './access/media-owners.js';
import { guard } from './http/auth.js';
import { createHttpApp, defaultWebDir } from './http/app.js';
import { systemRoutes } from './http/system.js';
import { Metrics } from './http/metrics.js';
import { createAudio } from './audio/index.js';
import { Lexicon, lexiconRoutes } from './speech/lexicon.js';
import { SettingsService } from './settings.js';
import { ScheduleService } from './scheduling/service.js';
import { OccurrenceEngine } from './scheduling/occurrences.js';
import { schedulingRoutes } from './scheduling/routes.js';
import { TemplateStore } from './scheduling/templates.js';
import { ClockWatch } from './receivers/clock-watch.js';
import { Lease } from './db/lease.js';
import { UserService } from './users/service.js';
import { SessionService } from './users/sessions.js';
import { authRoutes } from './users/routes.js';
import { panelRoutes } from './panel/routes.js';
import { eventRoutes } from './http/events.js';
import { ReportStore } from './reports/store.js';
import { reportRoutes } from './reports/routes.js';
import { fleetRoutes } from './fleet/routes.js';
import { AlertWatch } from './alerts/watch.js';
import { noticeChannels } from './alerts/channels.js';

export interface RunningServer {
  config: Config;
  httpPort: number;
  mqttUrl: string;
  database: OpenedDatabase;
  zones: ZoneService;
  receivers: ReceiverService;
  broadcasts: BroadcastService;
  dispatcher: Dispatcher;
  schedules: ScheduleService;
  occurrences: OccurrenceEngine;
  settings: SettingsService;
  tokens: TokenService;
  users: UserService;
  bus: ServerBus;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) await c().catch((e: Error) => log.warn('shutdown step failed', { error: e.message }));
  };
  // Ports first: a start refused for a busy port leaves no database or DATA_DIR behind.
  // Listen before anything else: with PORT=0 the media URLs can only be built once the port is known.
  // Until the app is ready, answer 503 rather than leave requests hanging.
  let handler: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"status":"starting"}');
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError('PORT', config.port) : err));
    server.listen(config.port, config.host, () => resolve());
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  let database: OpenedDatabase;
  try {
    if (!config.mqttUrl) await assertPortFree('MQTT_PORT', config.mqttHost, config.mqttPort);
    // The media and the demo's files live here whatever the database is.
    await fs.mkdir(path.join(config.dataDir, 'media'), { recursive: true });
    database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  } catch (err) {
    await stopAll();
    throw err;
  }
  // Closed last, after everything that uses it.
  cleanups.unshift(() => database.close());
  log.info(`database: ${database.describe}`);
  const { db } = database;
  const topics = new Topics(config.topicRoot);
  const zones = new ZoneService(db);
  const receivers = new ReceiverService(db, zones, { timezone: config.communeTz, log: log.child('receivers') });
  const audit = new AuditLog(db);
  const scopes = new ScopeAccess(zones, async (id) => (await receivers.get(id))?.zone_id);
  const tokens = new TokenService(db);
  const users = new UserService(db);
  const sessions = new SessionService(db);

  try {
    if (config.initAdminToken && (await tokens.ensure(config.initAdminToken, 'init-admin', 'admin'))) {
      log.info('created the admin API token given in LOA_INIT_ADMIN_TOKEN');
    }
    if (config.initAdminPassword && (await users.ensureAdmin(config.initAdminPassword))) {
      log.info('created the panel account "admin" with the password given in LOA_INIT_ADMIN_PASSWORD');
    }
    const httpPort = (server.address() as net.AddressInfo).port;
    const publicUrl = config.publicUrl ?? `http://127.0.0.1:${httpPort}`;

    let broker: EmbeddedBroker | null = null;
    let mqttUrl: string;
    let mqttPassword: string;
    if (config.mqttUrl) {
      mqttUrl = config.mqttUrl;
      mqttPassword = config.mqttPassword ?? '';
    } else {
      mqttPassword = crypto.randomBytes(24).toString('base64url');
      broker = await startEmbeddedBroker({
        host: config.mqttHost,
        port: config.mqttPort,
        topics,
        credentials: receivers,
        serverUsername: config.mqttUsername,
        serverPassword: mqttPassword,
        log: log.child('broker'),
      });
      cleanups.push(() => broker!.close());
      const embedded = broker;
      receivers.events.on('revoked', (id, deleted) => embedded.endSession(id, { will: !deleted }));
      mqttUrl = `mqtt://127.0.0.1:${broker.port}`;
      await receivers.markAllOffline();
    }
    const bus = await ServerBus.connect({
      url: mqttUrl,
      username: config.mqttUsername,
      password: mqttPassword,
      clientId: `loa-server-${crypto.randomBytes(4).toString('hex')}`,
      topics,
      log: log.child('bus'),
    });
    cleanups.push(() => bus.close());
    receivers.attachBus(bus);
    const metrics = new Metrics({ db, bus, broker, guard, metricsToken: config.metricsToken });

    const lexicon = new Lexicon(db);
    await lexicon.load();
    const mediaOwners = new MediaOwners(db, scopes);
    const audio = await createAudio({ config, db, log: log.child('audio'), guard, onStored: (req, sha) => mediaOwners.record(scopeOf(req), sha), normalize: (text, zoneId) => lexicon.current(zoneId).normalize(text).spoken });
    const settings = new SettingsService(db, zones);
    const speech = metrics.timeRenders(audio.speech);
    const broadcasts = new BroadcastService(db, zones, {
      speech,
      media: audio.store,
      publicUrl,
      defaultExpiryMs: config.defaultExpiryMs,
      settings,
      emergencyWindowMs: config.emergencyWindowMs,
    });
    const instanceId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
    const lease = new Lease(db, 'dispatch', instanceId, {
      ttlMs: 6000,
      renewMs: 2000,
      log: log.child('lease'),
      onChange: (held) => {
        if (held) void occurrences.recover().catch((e: Error) => log.error('occurrence recovery failed', { error: e.message }));
      },
    });
    const isLeader = () => lease.isHeld();
    const dispatcher = new Dispatcher(db, bus, zones, receivers, broadcasts, audio.store, { leadTimeMs: config.leadTimeMs, timezone: config.communeTz, isLeader, log: log.child('dispatch') });
    const schedules = new ScheduleService(db, zones, { settings, media: audio.store, timezone: config.communeTz, horizonMs: config.horizonMs });
    const templates = new TemplateStore(db, zones);
    await templates.seed();
    const occurrences = new OccurrenceEngine(db, broadcasts, speech, settings, audit, {
      templates,
      zoneOf: (s) => scopes.commonZone(JSON.parse(s.zone_ids_json)),
      timezone: config.communeTz,
      horizonMs: config.horizonMs,
      renderAheadMs: config.renderAheadMs,
      leadTimeMs: { normal: config.leadTimeMs, priority: config.leadTimeMs, emergency: config.leadTimeEmergencyMs },
      graceMs: config.graceMs,
      isLeader,
      log: log.child('occurrences'),
    });
    const clockWatch = new ClockWatch(bus, zones, receivers.events, { isLeader, log: log.child('clock') });
    metrics.observe(dispatcher);
    bus.setHandlers({
      onState: (id, s) => receivers.onState(id, s),
      onTelemetry: (id, t) => receivers.onTelemetry(id, t),
      onAck: (id, a) => dispatcher.onAck(id, a),
    });
    // Retained configs live in the broker, which may have lost them (the
    // embedded one keeps them in memory; an external one may be new), and a
    // receiver provisioned while no server was connected never got one.
    await receivers.publishAllConfigs();

    const app = createHttpApp({
      tokens,
      sessions,
      api: [
        scopes.narrowing(),
        authRoutes({ users, sessions, tokens, scopes, audit, guard, timezone: config.communeTz }),
        auditRoutes({ audit, scopes, guard }),
        eventRoutes({ receivers: receivers.events, dispatcher: dispatcher.events, filterFor: streamFilter(scopes, (id) => broadcasts.targets(id)) }, guard, async (sid) => (await sessions.resolve(sid)) !== null),
        reportRoutes(new ReportStore(db, zones, config.communeTz), guard, config.communeTz, scopes),
        fleetRoutes({ db, receivers, speech: audio.speech, mediaUrl: (sha) => broadcasts.mediaUrl(sha), audit, guard, scopes, settings }),
        zoneRoutes(zones, guard, (zoneId) => receivers.publishZoneConfigs(zoneId), scopes, settings),
        receiverRoutes(receivers, audit, guard, scopes),
        broadcastRoutes(broadcasts, audit, guard, {
          allZoneIds: async () => (await zones.list()).filter((z) => !z.parent_id).map((z) => z.id),
          kick: () => void dispatcher.tick(),
          scopes,
          media: mediaOwners,
        }),
        schedulingRoutes({ schedules, engine: occurrences, settings, templates, audit, guard, scopes, media: mediaOwners, timezone: config.communeTz }),
        lexiconRoutes(lexicon, audit, guard, scopes),
        systemRoutes({ bus, broker, guard, instance: () => ({ instanceId, leader: lease.isHeld() }) }),
        ...audio.apiRoutes,
      ],
      root: [...audio.rootRoutes, metrics.routes(), panelRoutes(defaultWebDir)],
      health: async () => ({ database: await database.ping(), broker: bus.isConnected() }),
      webDir: defaultWebDir,
      log: log.child('http'),
      trustProxy: config.trustProxy,
    });
    handler = app;
    await lease.start();
    cleanups.push(() => lease.stop());
    dispatcher.start();
    cleanups.push(async () => dispatcher.stop());
    await occurrences.start();
    cleanups.push(() => occurrences.stop());
    clockWatch.start();
    cleanups.push(async () => clockWatch.stop());
    const channels = noticeChannels(config.alerts);
    if (channels.length) {
      const alertWatch = new AlertWatch(db, { thresholds: config.alerts, channels, checkMs: config.alerts.checkMs, isLeader, timezone: config.communeTz, log: log.child('alerts') });
      alertWatch.start();
      cleanups.push(() => alertWatch.stop());
    }
    log.info(`HTTP panel and API on http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${httpPort}`);

    return { config, httpPort, mqttUrl, database, zones, receivers, broadcasts, dispatcher, schedules, occurrences, settings, tokens, users, bus, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Binds and releases the port, so a busy one is refused before anything is created. */
async function assertPortFree(variable: string, host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(variable, port) : err));
    probe.listen(port, host, () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
}
