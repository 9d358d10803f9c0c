// One receiver sending its state as fast as it can must not flood every open
// panel: its events reach the server-sent event stream at most once per
// RECEIVER_EVENT_INTERVAL_MS, the last one carrying its latest state, while
// the server still handles every message and other receivers' changes
// still arrive (issue #11, item 6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_EVENT_INTERVAL_MS } from '../../src/receivers/stream.js';
import { ADMIN_TOKEN, startTestServer, TEST_BACKEND, waitFor, type TestServer } from '../helpers/server.js';
import { connectRaw, provision, topics, type RawClient } from './helpers.js';

let t: TestServer;
let flood: RawClient;
let quiet: RawClient;
const MESSAGES = 1500;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa-an-binh', name: 'Xã An Bình' });
  flood = await connectRaw(t, 'rx-on-ao', await provision(t, 'rx-on-ao', 'xa-an-binh'));
  quiet = await connectRaw(t, 'rx-yen-lang', await provision(t, 'rx-yen-lang', 'xa-an-binh'));
});

afterAll(async () => {
  for (const c of [flood, quiet]) await c?.client.endAsync(true).catch(() => {});
  await t?.close();
});

/** Reads the panel's event stream, keeping every `receiver` event. */
async function openStream(): Promise<{ events: { at: number; view: { id: string; volume: number } }[]; close(): void }> {
  const ctrl = new AbortController();
  const res = await fetch(`${t.baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const events: { at: number; view: { id: string; volume: number } }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready!: () => void;
  const opened = new Promise<void>((r) => (ready = r));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('retry:')) ready();
        const m = /^event: receiver\ndata: (.*)$/s.exec(frame);
        if (m) events.push({ at: Date.now(), view: JSON.parse(m[1]!) });
      }
    }
  })();
  await opened;
  return { events, close: () => ctrl.abort() };
}

describe.skipIf(TEST_BACKEND === 'postgres-mosquitto')('server-sent events under a flood', () => {
  it(`one receiver's ${MESSAGES} state changes reach the panel coalesced, the latest last`, async () => {
    const stream = await openStream();
    const handled = () => t.server.bus.getStats().received.state;
    const before = handled();
    const t0 = Date.now();
    for (let i = 0; i < MESSAGES; i++) {
      flood.client.publish(topics.rx('rx-on-ao', 'state'), JSON.stringify({ v: 1, online: true, fw: 'loa-agent/1.0', volume: i % 101 }), { qos: 0 });
      if (i === MESSAGES / 2) quiet.client.publish(topics.rx('rx-yen-lang', 'state'), JSON.stringify({ v: 1, online: true, volume: 55 }), { qos: 1 });
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    const last = (MESSAGES - 1) % 101;
    await waitFor(() => handled() - before === MESSAGES + 1, 60_000, 'every state handled by the server');
    const flooded = () => stream.events.filter((e) => e.view.id === 'rx-on-ao');
    // The held-back latest view goes out when its interval ends.
    await waitFor(() => flooded().at(-1)?.view.volume === last, 10_000, 'the latest state on the stream');
    const elapsed = Date.now() - t0;
    stream.close();

    expect(flooded().length).toBeGreaterThanOrEqual(1);
    expect(flooded().length).toBeLessThanOrEqual(Math.ceil(elapsed / RECEIVER_EVENT_INTERVAL_MS) + 2);
    // Far fewer than the messages (the issue saw 15 499 events in 10 s).
    expect(flooded().length).toBeLessThan(MESSAGES / 10);
    // The quiet receiver's one change was not lost in the flood.
    expect(stream.events.filter((e) => e.view.id === 'rx-yen-lang').map((e) => e.view.volume)).toEqual([55]);
  });
});
