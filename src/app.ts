// The composition root: builds every feature on the chosen infrastructure
// (SQLite or PostgreSQL; embedded or external broker) and starts it.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Router } from 'express';
import net from 'node:net';
import { rootCertificates as tlsRoots } from 'node:tls';
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
import { agentConfigRoutes } from './receivers/agent-config.js';
import { BroadcastService } from './broadcasts/service.js';
import { Dispatcher } from './broadcasts/dispatcher.js';
import { broadcastRoutes } from './broadcasts/routes.js';
import { AuditLog } from './access/audit.js';
import { TokenService } from './access/tokens.js';
import { ScopeAccess, scopeOf } from './access/scope.js';
import { auditRoutes } from './access/routes.js';
import { streamFilter } from './access/stream-filter.js';
import { SourcePolicy } from './live/source.js';
import { MediaOwners } from './access/media-owners.js';
import { guard } from './http/auth.js';
import { createHttpApp, defaultWebDir } from './http/app.js';
import { systemRoutes } from './mqtt/system-routes.js';
import { Metrics } from './http/metrics.js';
import { mqttMetrics } from './mqtt/metrics.js';
import { receiverMetrics } from './receivers/metrics.js';
import { broadcastMetrics, timedRenders } from './broadcasts/metrics.js';
import { voiceUsageMetrics } from './speech/metrics.js';
import { createAudio } from './audio/index.js';
import { createSpeech } from './speech/index.js';
import { Lexicon, lexiconRoutes } from './speech/lexicon.js';
import { SettingsService } from './settings.js';
import { ScheduleService } from './scheduling/service.js';
import { ConflictFinder } from './scheduling/conflicts.js';
import { OccurrenceEngine } from './scheduling/occurrences.js';
import { schedulingRoutes } from './scheduling/routes.js';
import { TemplateStore } from './scheduling/templates.js';
import { ClockWatch } from './receivers/clock-watch.js';
import { Lease } from './db/lease.js';
import { UserService } from './users/service.js';
import { SessionService } from './users/sessions.js';
import { authRoutes } from './users/routes.js';
import { DatabaseRateStore } from './http/rate-store.js';
import { panelRoutes } from './panel/routes.js';
import { EventStream } from './http/events.js';
import { streamReceiverEvents } from './receivers/stream.js';
import { streamDispatchEvents } from './broadcasts/stream.js';
import { streamBulletinEvents } from './bulletins/stream.js';
import { ReportStore } from './reports/store.js';
import { reportRoutes } from './reports/routes.js';
import { fleetRoutes } from './fleet/routes.js';
import { caRoute } from './tls/routes.js';
import { tlsFiles } from './tls/certificates.js';
import type { BulletinService } from './bulletins/service.js';
import { createBulletins } from './bulletins/index.js';
import { EmbeddedEngine } from './stream/embedded.js';
import { IcecastEngine } from './stream/icecast.js';
import { LiveService } from './live/service.js';
import { liveRoutes } from './live/routes.js';
import { attachLiveSocket, isLiveSocketPath } from './live/ws.js';
import { UPSTREAM_PATH } from './upstream/ws.js';
import { ingest } from './audio/ingest.js';
import { readCookieHeader } from './http/auth.js';
import { upgradeTarget } from './http/upgrade.js';
import { AlertWatch } from './alerts/watch.js';
import { AlertChannels } from './alerts/channels.js';

export interface RunningServer {
  config: Config;
  httpPort: number;
  /** The broker as this server reaches it. */
  mqttUrl: string;
  /** The broker as receivers reach it (RECEIVER_MQTT_URL; the same broker, maybe another listener). */
  receiverMqttUrl: string;
  /** The embedded broker's TLS port when TLS is configured. */
  mqttTlsPort: number | null;
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
  bulletins: BulletinService;
  live: LiveService;
  /** The routers under /api/v1, as registered (the API description is made from them). */
  apiRouters: Router[];
  /** Routers at the root (media, panel); some serve paths under /api/v1 too. */
  rootRouters: Router[];
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
  const tls = config.tls ? { cert: await fs.readFile(config.tls.certFile), key: await fs.readFile(config.tls.keyFile) } : null;
  const onRequest: http.RequestListener = (req, res) => {
    limitBodyTime(req, res, config.requestBodyTimeoutMs);
    handler(req, res);
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  // A live push (PUT /live/:id/audio) lasts as long as the broadcast: Node would cut a request body still arriving after 5 minutes.
  // Every other body is held to REQUEST_BODY_TIMEOUT_S by limitBodyTime.
  server.requestTimeout = 0;
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
    if (!config.mqttUrl && tls) await assertPortFree('MQTT_TLS_PORT', config.mqttHost, config.mqttTlsPort);
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
  const receivers = new ReceiverService(db, zones, { timezone: config.communeTz, log: log.child('receivers'), serverAccount: config.mqttUsername });
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
    const scheme = tls ? 'https' : 'http';
    const publicUrl = config.publicUrl ?? `${scheme}://127.0.0.1:${httpPort}`;

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
        ...(tls && { tls: { ...tls, port: config.mqttTlsPort } }),
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
    const metrics = new Metrics({ guard, metricsToken: config.metricsToken });
    mqttMetrics(metrics.registry, bus, broker);
    receiverMetrics(metrics.registry, db);

    const lexicon = new Lexicon(db);
    await lexicon.load();
    cleanups.push(() => lexicon.close());
    // Read as the commune the item is for will read it when it renders: the
    // zone holding its targets (a district officer's item for one commune is
    // that commune's), which is the zone its render and settings use too.
    const unreadable = async (text: string, zoneId: string | null) => (await lexicon.normalize(text, zoneId)).unreadable;
    const mediaOwners = new MediaOwners(db, scopes);
    const settings = new SettingsService(db, zones, {
      alertOfflineMinutes: Math.round(config.alerts.offlineMs / 60_000),
      alertFailStreak: config.alerts.failStreak,
      alertEmails: config.alerts.emailTo,
      alertWebhookUrl: config.alerts.webhookUrl ?? '',
    });
    // Where alerts go (and whether a zone's webhook URL may be set); always watched: any zone may name its own recipients.
    const alertChannels = new AlertChannels(config.alerts);
    const audio = await createAudio({ config, db, guard, onStored: (req, sha) => mediaOwners.record(scopeOf(req), sha) });
    // A deleted zone's uploads go with it, unless something airs or keeps them.
    zones.onRemoved(async (zoneId) => {
      const removed = await mediaOwners.forgetZone(zoneId, (sha) => audio.store.removeIfUnused(sha)).catch((e: Error) => {
        log.warn('could not remove the uploads of a deleted zone', { zoneId, error: e.message });
        return [];
      });
      if (removed.length) log.info('removed the uploads of a deleted zone', { zoneId, media: removed.length });
    });
    const spoken = createSpeech({
      config,
      db,
      log: log.child('audio'),
      guard,
      store: audio.store,
      pipeline: audio.pipeline,
      renders: audio.renders,
      normalize: async (text, zoneId) => (await lexicon.normalize(text, zoneId ?? null)).spoken,
      communeVoice: async (zoneId) => (await settings.get(zoneId ?? null)).defaultVoice || undefined,
      mayFollow: async (req, zoneId) => (zoneId === null ? scopeOf(req).zoneId === null : scopes.coversZone(scopeOf(req), zoneId)),
    });
    cleanups.push(async () => spoken.jobs.stop());
    const speech = timedRenders(metrics.registry, spoken.speech);
    voiceUsageMetrics(metrics.registry, spoken.usage);
    const broadcasts = new BroadcastService(db, zones, {
      speech,
      media: audio.store,
      publicUrl,
      defaultExpiryMs: config.defaultExpiryMs,
      settings,
      emergencyWindowMs: config.emergencyWindowMs,
      conflicts: new ConflictFinder(db, zones, { settings, timezone: config.communeTz }),
    });
    const instanceId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
    const lease = new Lease(db, 'dispatch', instanceId, {
      ttlMs: 6000,
      renewMs: 2000,
      log: log.child('lease'),
      takeOver: database.dialect === 'sqlite',
      onChange: (held) => {
        if (held) void occurrences.recover().catch((e: Error) => log.error('occurrence recovery failed', { error: e.message }));
      },
    });
    const isLeader = () => lease.isHeld();
    const instanceUrl = config.instanceUrl ?? `${scheme}://127.0.0.1:${httpPort}`;
    // Another instance on HTTPS shows a certificate of the commune's CA (`loa tls init`), or one the system trusts.
    const communeCa = tls ? await fs.readFile(tlsFiles(config.dataDir).caCert).catch(() => null) : null;
    const embedded = new EmbeddedEngine({ publicUrl, secret: crypto.randomBytes(32), elsewhere: (id, req, res) => live.forwardListener(id, req, res) });
    const sources = new SourcePolicy(config.liveSourceAllow);
    const live: LiveService = new LiveService(db, {
      engine: config.icecastUrl ? new IcecastEngine({ url: config.icecastUrl, publicUrl: config.icecastPublicUrl }) : embedded,
      broadcasts,
      sources,
      audit,
      keepRecording: async (file) =>
        (await ingest({ store: audio.store, pipeline: audio.pipeline, maxDurationMs: 6 * 3_600_000 }, { file, source: 'live', originalName: path.basename(file) })).row.sha256,
      kick: () => void dispatcher.tick(),
      publicUrl,
      instanceUrl,
      forwarding: communeCa ? { ca: [...tlsRoots, communeCa] } : undefined,
      workDir: path.join(config.dataDir, 'live'),
      silenceMs: config.liveIdleMs,
      cutOff: (broadcastId, reason) => dispatcher.interruptLive(broadcastId, reason),
      zoneOf: async (zoneIds, receiverIds) => scopes.commonZone(await scopes.targetZones(zoneIds, receiverIds)),
      log: log.child('live'),
    });
    const dispatcher = new Dispatcher(db, bus, zones, receivers, broadcasts, audio.store, { leadTimeMs: config.leadTimeMs, timezone: config.communeTz, isLeader, live, log: log.child('dispatch') });
    // After the dispatcher: closing a dead instance's sessions records their cut-off through it.
    await live.start();
    const schedules = new ScheduleService(db, zones, { settings, media: audio.store, timezone: config.communeTz, horizonMs: config.horizonMs, relaySources: sources });
    const templates = new TemplateStore(db, zones);
    await templates.seed();
    const occurrences = new OccurrenceEngine(db, broadcasts, speech, settings, audit, {
      templates,
      // A schedule aimed at receivers only is read and filled as their commune's.
      zoneOf: async (s) => scopes.commonZone(await scopes.targetZones(JSON.parse(s.zone_ids_json), JSON.parse(s.receiver_ids_json))),
      timezone: config.communeTz,
      horizonMs: config.horizonMs,
      renderAheadMs: config.renderAheadMs,
      leadTimeMs: { normal: config.leadTimeMs, priority: config.leadTimeMs, emergency: config.leadTimeEmergencyMs },
      graceMs: config.graceMs,
      isLeader,
      relay: async (r) => (await live.create({ title: r.title, sourceUrl: r.sourceUrl, durationMs: r.durationMs, zoneIds: r.zoneIds, receiverIds: r.receiverIds, priority: r.priority }, r.by, { occurrenceId: r.occurrenceId })).broadcast_id,
      log: log.child('occurrences'),
    });
    const clockWatch = new ClockWatch(bus, zones, receivers.events, { isLeader, log: log.child('clock') });
    const bulletins = createBulletins({ config, db, zones, broadcasts, speech, store: audio.store, mediaOwners, audit, scopes, guard, dispatcher: dispatcher.events, receivers: receivers.events, stopBroadcast: (id, actor) => dispatcher.stopBroadcast(id, actor), kick: () => void dispatcher.tick(), renders: audio.renders, log: log.child('bulletins') });
    broadcastMetrics(metrics.registry, db, dispatcher.events);
    const panelStream = new EventStream({
      guard,
      stillSignedIn: async (sid) => (await sessions.resolve(sid)) !== null,
      tokenStillValid: async (token) => (await tokens.resolve(token)) !== null,
      filterFor: streamFilter(scopes, (id) => broadcasts.targets(id), (id) => bulletins.service.communesOf(id), {
        zoneOf: async (id) => (await receivers.get(id))?.zone_id,
        onChanged: (listener) => receivers.events.on('changed', (view) => listener(view.id, view.zoneId)),
        onDeleted: (listener) => receivers.events.on('revoked', (id, deleted) => deleted && listener(id)),
      }),
      heartbeatMs: config.sessionRecheckMs,
    });
    streamReceiverEvents(panelStream, receivers.events);
    streamDispatchEvents(panelStream, dispatcher.events);
    streamBulletinEvents(panelStream, bulletins.service.events, bus, log.child('bulletins'));
    bus.setHandlers({
      onState: (id, s) => receivers.onState(id, s),
      onTelemetry: (id, t) => receivers.onTelemetry(id, t),
      onAck: async (id, a) => {
        await receivers.heard(id);
        await dispatcher.onAck(id, a);
      },
    });
    if (config.receiverSilenceMs > 0) {
      const stopWatch = receivers.watchSilence(config.receiverSilenceMs);
      cleanups.push(async () => stopWatch());
    }
    // Retained configs live in the broker, which may have lost them (the
    // embedded one keeps them in memory; an external one may be new), and a
    // receiver provisioned while no server was connected never got one.
    await receivers.publishAllConfigs();

    const apiRouters: Router[] = [
      authRoutes({ users, sessions, tokens, scopes, audit, guard, timezone: config.communeTz, limits: new DatabaseRateStore(db, 'login:') }),
      auditRoutes({ audit, scopes, guard }),
      panelStream.routes('receivers:read'),
      reportRoutes(new ReportStore(db, zones, config.communeTz), guard, config.communeTz, scopes, bulletins.downstreams),
      fleetRoutes({ db, receivers, speech: spoken.speech, mediaUrl: (sha) => broadcasts.mediaUrl(sha), audit, guard, scopes, settings }),
      zoneRoutes(zones, guard, (zoneId) => receivers.publishZoneConfigs(zoneId), scopes, audit, settings),
      agentConfigRoutes(guard, { mqttUrl: config.receiverMqttUrl ?? (config.mqttUrl || `mqtt://${new URL(publicUrl).hostname}:${new URL(mqttUrl).port}`), topicRoot: config.topicRoot }),
      receiverRoutes(receivers, audit, guard, scopes),
      broadcastRoutes(broadcasts, audit, guard, {
        allZoneIds: async () => (await zones.list()).filter((z) => !z.parent_id).map((z) => z.id),
        kick: () => void dispatcher.tick(),
        stop: (id, actor) => dispatcher.stopBroadcast(id, actor),
        jobs: spoken.jobs,
        voiceIds: () => spoken.speech.voiceIds(),
        scopes,
        media: mediaOwners,
        unreadable,
      }),
      ...bulletins.routes,
      schedulingRoutes({ schedules, engine: occurrences, settings, templates, audit, guard, scopes, media: mediaOwners, timezone: config.communeTz, unreadable, checkWebhookUrl: (url) => alertChannels.checkUrl(url) }),
      lexiconRoutes(lexicon, audit, guard, scopes),
      liveRoutes(live, guard, scopes),
      systemRoutes({ bus, broker, guard, instance: () => ({ instanceId, leader: lease.isHeld() }) }),
    ];
    // The commune picker (X-Loa-Zone) narrows every authenticated route, the uploads and speech served from the root too (an upload is owned by the scope it was made in).
    const rootRouters = [scopes.narrowing(), ...audio.rootRoutes, ...spoken.rootRoutes, embedded.routes(), metrics.routes(), caRoute(tlsFiles(config.dataDir).caCert), panelRoutes(defaultWebDir)];
    const app = createHttpApp({
      tokens,
      sessions,
      api: apiRouters,
      root: rootRouters,
      health: async () => ({ database: await database.ping(), broker: bus.isConnected() }),
      webDir: defaultWebDir,
      log: log.child('http'),
      trustProxy: config.trustProxy,
    });
    handler = app;
    // An upgrade to any other path is no feature's: left alone, its socket
    // stayed open for ever (no timeout applies after an upgrade) and the
    // server's stop waited on it. It is answered 404 and closed. A target no
    // URL can be made of is the live socket's to refuse.
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
      const pathname = upgradeTarget(req)?.pathname;
      if (pathname === undefined || isLiveSocketPath(pathname) || pathname === UPSTREAM_PATH) return;
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\nNot found');
    });
    const detachLive = attachLiveSocket(
      server,
      live,
      {
        principalFor: async (cookie) => {
          const sid = readCookieHeader(cookie);
          return sid ? sessions.resolve(sid) : null;
        },
        inScope: async (principal, sessionId) => {
          const { zoneIds, receiverIds } = await live.targets(sessionId);
          const scope = { zoneId: principal.zoneId };
          await scopes.requireZones(scope, zoneIds);
          await scopes.requireReceivers(scope, receiverIds);
          return true;
        },
      },
      log.child('live'),
      config.sessionRecheckMs,
    );
    // Before the HTTP server closes: the sessions' listeners and recordings end cleanly.
    cleanups.push(async () => {
      detachLive();
      await live.stopAll();
    });
    await lease.start();
    cleanups.push(() => lease.stop());
    dispatcher.start();
    cleanups.push(async () => dispatcher.stop());
    await occurrences.start();
    cleanups.push(() => occurrences.stop());
    clockWatch.start();
    cleanups.push(async () => clockWatch.stop());
    cleanups.push(await bulletins.start(server));
    const alertWatch = new AlertWatch(db, {
      thresholdsIn: async (zoneIds) => new Map([...(await settings.getMany(zoneIds))].map(([z, s]) => [z, { offlineMs: s.alertOfflineMinutes * 60_000, failStreak: s.alertFailStreak }])),
      channelsIn: async (zoneIds) => new Map([...(await settings.getMany(zoneIds))].map(([z, s]) => [z, alertChannels.for({ emails: s.alertEmails, webhookUrl: s.alertWebhookUrl })])),
      checkMs: config.alerts.checkMs,
      isLeader,
      timezone: config.communeTz,
      log: log.child('alerts'),
    });
    alertWatch.start();
    cleanups.push(() => alertWatch.stop());
    // The first step of a stop: take no new render or upload and let the running ones finish (their files, their rows) while the database is open.
    cleanups.push(async () => {
      const left = await audio.renders.close(config.shutdownWaitMs);
      if (left) log.warn(`stopping: ${left} render(s) still running after SHUTDOWN_WAIT_S were killed`, { waitedMs: config.shutdownWaitMs });
    });
    log.info(`${tls ? 'HTTPS' : 'HTTP'} panel and API on ${scheme}://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${httpPort}`);

    return { config, httpPort, mqttUrl, receiverMqttUrl: config.receiverMqttUrl ?? mqttUrl, mqttTlsPort: broker?.tlsPort ?? null, database, zones, receivers, broadcasts, dispatcher, schedules, occurrences, settings, tokens, users, bus, bulletins: bulletins.service, live, apiRouters, rootRouters, stop: stopAll };
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

/** A live push's body flows as long as the broadcast (`curl -T - …/audio`); a forwarded one too. */
const LIVE_PUSH = /^\/api\/v1\/live\/[A-Za-z0-9_-]{1,64}\/audio(?:\?|$)/;

/**
 * With Node's request timeout off (for the live push), a request whose body
 * never finished arriving held its connection for ever: one that declared a
 * Content-Length and sent nothing more, unauthenticated (bodies are read
 * before anyone is known), was a connection and its buffer kept until the
 * process ended, and enough of them ran it out of file descriptors. Any
 * other request's body must be in within `ms`, or its connection closes.
 */
function limitBodyTime(req: http.IncomingMessage, res: http.ServerResponse, ms: number): void {
  if (req.complete || (req.method === 'PUT' && LIVE_PUSH.test(req.url ?? ''))) return;
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, ms).unref();
  const done = () => clearTimeout(timer);
  req.once('end', done);
  req.once('close', done);
  res.once('finish', done);
}
