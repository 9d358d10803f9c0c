// Bulletins and the upstream link, assembled for the composition root: every
// server can send bulletins to its communes and accept linked communes; one
// started with UPSTREAM_URL also links up to its province.
import type http from 'node:http';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Guard } from '../http/auth.js';
import type { AuditLog } from '../access/audit.js';
import type { ScopeAccess } from '../access/scope.js';
import type { MediaOwners } from '../access/media-owners.js';
import type { ZoneService } from '../zones/service.js';
import type { BroadcastService, SpeechRenderer } from '../broadcasts/service.js';
import type { DispatcherEvents } from '../broadcasts/dispatcher.js';
import type { ReceiverEvents } from '../receivers/service.js';
import type { LocalMediaStore } from '../audio/media-store.js';
import type { EventEmitter } from 'node:events';
import { Outbox } from '../upstream/outbox.js';
import { DownstreamHub } from '../upstream/hub.js';
import { UpstreamClient, UPSTREAM_PEER } from '../upstream/client.js';
import { wsTransport } from '../upstream/ws.js';
import { BulletinService } from './service.js';
import { bulletinRoutes } from './routes.js';
import { DownstreamStore } from './downstreams.js';
import { downstreamRoutes } from './downstream-routes.js';
import { CommuneLink, provinceLink } from './link.js';
import type { InFlight } from '../audio/in-flight.js';

export interface Bulletins {
  service: BulletinService;
  downstreams: DownstreamStore;
  routes: Router[];
  /** Accepts linked communes on the HTTP server and, with UPSTREAM_URL, links up; returns the stop function. */
  start(server: http.Server): Promise<() => Promise<void>>;
}

export function createBulletins(deps: {
  config: Config;
  db: Db;
  zones: ZoneService;
  broadcasts: BroadcastService;
  speech: SpeechRenderer;
  store: LocalMediaStore;
  /** Who may air an uploaded file (its uploader's zone). */
  mediaOwners: MediaOwners;
  audit: AuditLog;
  scopes: ScopeAccess;
  guard: Guard;
  dispatcher: EventEmitter<DispatcherEvents>;
  receivers: EventEmitter<ReceiverEvents>;
  /** Stops an airing on air now (the dispatcher's stop). */
  stopBroadcast: (broadcastId: string, actor: string) => Promise<void>;
  kick: () => void;
  /** Work the server's stop waits for (src/audio/in-flight.ts): a bulletin from the province downloads its audio and writes its rows. */
  renders?: InFlight;
  log: Logger;
}): Bulletins {
  const { config, db, log } = deps;
  const service = new BulletinService(db, deps.zones, deps.broadcasts, { speech: deps.speech, media: deps.store, scopes: deps.scopes, defaultExpiryMs: config.defaultExpiryMs, stopBroadcast: deps.stopBroadcast, log });
  const downstreams = new DownstreamStore(db, deps.zones);
  const outbox = new Outbox(db);
  const province = provinceLink({ bulletins: service, downstreams, zones: deps.zones, media: deps.store, mediaUrl: (sha) => deps.broadcasts.mediaUrl(sha), send: (id, m) => hub.send(id, m), unsend: (id, messageId) => outbox.remove(id, messageId) });
  const hub = new DownstreamHub({ transport: wsTransport, outbox, authenticate: (t) => downstreams.authenticate(t), stillLinked: (ids) => downstreams.stillLinked(ids), handle: province.handle, log: log.child('downstreams') });
  service.setRelay(province.relay);

  let client: UpstreamClient | null = null;
  let commune: CommuneLink | null = null;
  if (config.upstreamUrl && config.upstreamToken) {
    const link = new CommuneLink({ db, bulletins: service, store: deps.store, send: (m) => client!.send(m), statusIntervalMs: config.upstreamStatusMs, log: log.child('upstream') });
    commune = link;
    client = new UpstreamClient({ url: config.upstreamUrl, token: config.upstreamToken, transport: wsTransport, outbox, handle: async (m) => {
      // Refused once the stop began (the province resends it on the next connection), waited for while it runs.
      await (deps.renders ? deps.renders.run(() => link.handle(m)) : link.handle(m));
      deps.kick();
    }, software: 'loa-lang', log: log.child('upstream') });
  }
  const report = (what: string) => (e: Error) => log.error(`${what} failed`, { error: e.message });
  deps.dispatcher.on('status', (id) => {
    void service.onBroadcastStatus(id).catch(report('bulletin status'));
    if (commune) void commune.onBroadcast(id).catch(report('as-played report'));
  });
  if (commune) {
    service.events.on('changed', (id) => commune!.onBulletin(id));
    deps.receivers.on('changed', (view) => commune!.onReceiver(view));
  }

  const routes = [
    bulletinRoutes(service, deps.zones, deps.audit, deps.guard, deps.kick, deps.mediaOwners, (zoneIds) => deps.scopes.commonZone(zoneIds)),
    downstreamRoutes({
      store: downstreams,
      audit: deps.audit,
      scopes: deps.scopes,
      guard: deps.guard,
      isConnected: (id) => hub.isConnected(id),
      revoke: (id) => hub.revoke(id),
      upstream: () => ({ configured: client !== null, ...(client?.state() ?? { connected: false, zoneId: null, lastError: null }), pending: outbox.count(UPSTREAM_PEER) }),
    }),
  ];
  return {
    service,
    downstreams,
    routes,
    async start(server) {
      hub.listen(server);
      await commune?.start();
      client?.start();
      return async () => {
        client?.stop();
        commune?.stop();
        await hub.stop();
      };
    },
  };
}
