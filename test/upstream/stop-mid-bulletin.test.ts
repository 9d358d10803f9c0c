// A commune's server stopped while a bulletin from the province was being
// handled (its audio downloading) did not wait for it: the download went on,
// and its file and rows were written after the database had closed (or
// failed then). The stop now waits for it, as for a render, and a bulletin
// arriving once the stop began is left unacked for the province to resend.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { UPSTREAM_PATH } from '../../src/upstream/ws.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer | undefined;
let stopped = false;
let wss: WebSocketServer;
let media: http.Server;
let province: WebSocket | undefined;
const received: any[] = [];
const audio = crypto.randomBytes(64 * 1024);
const sha256 = crypto.createHash('sha256').update(audio).digest('hex');
let release: () => void = () => {};
let asked = false;

beforeAll(async () => {
  // The province's media server answers the audio only when the test says so.
  media = http.createServer((_req, res) => {
    asked = true;
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(audio.length) });
    res.write(audio.subarray(0, 1000));
    release = () => res.end(audio.subarray(1000));
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', () => r()));
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: UPSTREAM_PATH });
  wss.on('connection', (ws) => {
    province = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      received.push(m);
      if (m.type === 'hello') ws.send(JSON.stringify({ v: 1, type: 'welcome', downstreamId: 'ds-test', zoneId: 'xa-tinh', serverTime: new Date().toISOString() }));
    });
  });
  await new Promise((r) => wss.once('listening', r));
});
afterAll(async () => {
  release();
  if (t && !stopped) await t.server.stop();
  if (t) await fs.rm(t.dataDir, { recursive: true, force: true });
  await new Promise((r) => wss?.close(r));
  await new Promise((r) => media?.close(r));
});

const bulletin = (id: string) => ({
  v: 1,
  type: 'bulletin',
  id: `bulletin-${id}`,
  zoneId: 'xa-tinh',
  bulletin: {
    id,
    title: `Bản tin ${id}`,
    text: null,
    level: 'normal',
    category: null,
    startAt: null,
    expiresAt: null,
    media: { url: `http://127.0.0.1:${(media.address() as { port: number }).port}/${id}.mp3`, sha256, bytes: audio.length, durationMs: 4000, format: 'mp3' },
  },
});

it.runIf(process.env.LOA_TEST_BACKEND !== 'postgres-mosquitto')('a stop while a bulletin\'s audio downloads waits for it; its file and rows are written before the stop returns', async () => {
  const { port } = wss.address() as { port: number };
  t = await startTestServer({ UPSTREAM_URL: `http://127.0.0.1:${port}`, UPSTREAM_TOKEN: 'loa_up_test' });
  expect((await t.api('POST', '/api/v1/zones', { id: 'xa-bm', name: 'Xã Bình Minh', kind: 'commune' })).status).toBe(201);
  await waitFor(() => received.some((m) => m.type === 'hello') && province, 15_000, 'the commune linked');
  province!.send(JSON.stringify(bulletin('bl-1')));
  await waitFor(() => asked, 10_000, 'the audio download started');

  const stopping = t.server.stop().then(() => (stopped = true));
  await new Promise((r) => setTimeout(r, 300));
  // The stop waits for the download under way.
  expect(stopped).toBe(false);
  release();
  await stopping;

  const file = path.join(t.dataDir, 'media', `${sha256}.mp3`);
  expect((await fs.readFile(file)).equals(audio)).toBe(true);
  const database = await openDatabase({ dataDir: t.dataDir });
  try {
    const rows = await database.db.selectFrom('bulletins').select(['upstream_id', 'media_sha256']).execute();
    expect(rows).toEqual([{ upstream_id: 'bl-1', media_sha256: sha256 }]);
  } finally {
    await database.close();
  }
  const after = (await fs.readdir(path.join(t.dataDir, 'media'))).sort();
  await new Promise((r) => setTimeout(r, 1000));
  expect((await fs.readdir(path.join(t.dataDir, 'media'))).sort()).toEqual(after);
}, 60_000);
