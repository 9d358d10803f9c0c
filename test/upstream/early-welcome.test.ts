// Regression: a province whose welcome reached the commune with the
// WebSocket upgrade (before the commune's hello, or before its session was
// set up) made the commune fail with "Cannot access 'session' before
// initialization" and retry with backoff, so under load the link came up
// late or not at all.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { UpstreamClient } from '../../src/upstream/client.js';
import { Outbox } from '../../src/upstream/outbox.js';
import { UPSTREAM_PATH, wsTransport } from '../../src/upstream/ws.js';
import { waitFor } from '../helpers/server.js';

let dataDir: string;
let database: OpenedDatabase;
let wss: WebSocketServer;
const hellos: unknown[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-early-welcome-'));
  database = await openDatabase({ dataDir });
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: UPSTREAM_PATH });
  // The province speaks first, in the same write as the upgrade's answer.
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ v: 1, type: 'welcome', downstreamId: 'ds-test', zoneId: 'xa-binh-minh', serverTime: new Date().toISOString() }));
    ws.on('message', (data) => hellos.push(JSON.parse(data.toString())));
  });
  await new Promise((r) => wss.once('listening', r));
});
afterAll(async () => {
  await new Promise((r) => wss?.close(r));
  await database?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

it('a welcome that arrives with the upgrade brings the link up at the first attempt', async () => {
  const { port } = wss.address() as { port: number };
  const client = new UpstreamClient({
    url: `http://127.0.0.1:${port}`,
    token: 'loa_up_test',
    transport: wsTransport,
    outbox: new Outbox(database.db),
    handle: async () => {},
    software: 'test',
    log: createLogger('silent'),
  });
  client.start();
  try {
    await waitFor(() => client.state().connected, 5000, 'link up');
    expect(client.state()).toEqual({ connected: true, zoneId: 'xa-binh-minh', lastError: null });
    expect(wss.clients.size).toBe(1);
    expect(hellos).toMatchObject([{ v: 1, type: 'hello' }]);
  } finally {
    client.stop();
  }
});
