// Rendering under load: /healthz and ack handling while a 20,000-character
// announcement renders, against the compiled server in a child process.
// Ack handling is timed from the receiver's publish to the panel's
// server-sent "delivery" event for it: broker, bus, database write and
// event, all on the server's event loop. First a quiet baseline, then the
// same probes during the render. Writes the "Rendering under load" section
// of docs/benchmarks.md.
//
//   npx tsx bench/render-load.ts [--quick]     (--quick: 4,000 characters, writes nothing)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { PROTOCOL_VERSION, Topics, type Ack, type PlayCommand } from '../src/mqtt/protocol.js';
import { longVietnameseText } from '../test/helpers/long-text.js';
import { ADMIN_TOKEN, percentile, sleep, startServerProcess, until, writeSection } from './harness.js';

const QUICK = process.argv.includes('--quick');
const CHARS = QUICK ? 4_000 : 20_000;
const RECEIVERS = 20;
const BASELINE_MS = QUICK ? 5_000 : 20_000;
const PROBE_EVERY_MS = 50;
const topics = new Topics();

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(percentile(s, 50)), p99: r(percentile(s, 99)), max: r(s.at(-1) ?? NaN) };
};

async function main(): Promise<void> {
  const started = new Date();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-render-'));
  // Dispatch at once, so the acks can follow the broadcasts right away.
  const server = await startServerProcess({ DATA_DIR: dataDir, LEAD_TIME_MS: '0' });
  const clients: MqttClient[] = [];
  let events: http.ClientRequest | undefined;
  try {
    await server.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
    await server.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
    const { statusUrl } = await server.api('POST', '/api/v1/speech/render', { text: 'Kính mời bà con dự họp thôn lúc 19 giờ tối nay.' });
    const media = await until(
      async () => {
        const j = await server.api<{ state: string; mediaSha256: string }>('GET', statusUrl);
        return j.state === 'done' ? j : null;
      },
      120_000,
      'a short render',
    );

    // Play commands as they arrive, each to be acked through its states.
    const pending: { rx: string; cmd: PlayCommand }[] = [];
    for (let i = 0; i < RECEIVERS; i++) {
      const id = `rx-bench-${i}`;
      const { secret } = await server.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'thon-dong' });
      const c = await mqtt.connectAsync(server.mqttUrl, { clientId: id, username: id, password: secret, protocolVersion: 4, reconnectPeriod: 0 });
      await c.subscribeAsync([topics.zoneCmd('thon-dong'), topics.rx(id, 'cmd')], { qos: 1 });
      c.on('message', (_t, payload) => {
        const cmd = JSON.parse(payload.toString()) as { type: string };
        if (cmd.type === 'play') pending.push({ rx: id, cmd: cmd as PlayCommand });
      });
      clients.push(c);
    }

    // The panel's event stream: when each ack has been handled.
    const handled = new Map<string, number>();
    events = http.get(`${server.baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, (res) => {
      let buf = '';
      res.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!frame.startsWith('event: delivery')) continue;
          const d = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { broadcastId: string; receiverId: string; state: string };
          handled.set(`${d.broadcastId} ${d.receiverId} ${d.state}`, performance.now());
        }
      });
    });

    const newBroadcast = () => server.api('POST', '/api/v1/broadcasts', { title: 'Họp thôn', mediaSha256: media.mediaSha256, zoneIds: ['thon-dong'] });
    const STATES: Ack['state'][] = ['received', 'downloaded', 'playing', 'done'];
    /** Probes /healthz and acks one delivery state every PROBE_EVERY_MS until `stop()` says so. */
    const probe = async (stop: () => boolean) => {
      const healthz: number[] = [];
      const acks: number[] = [];
      const sent: { key: string; at: number }[] = [];
      let step = 0;
      let creating: Promise<unknown> | null = null;
      while (!stop()) {
        const t0 = performance.now();
        const res = await fetch(`${server.baseUrl}/healthz`);
        await res.text();
        healthz.push(performance.now() - t0);
        if (pending.length < RECEIVERS && !creating) creating = newBroadcast().finally(() => (creating = null));
        const next = pending[0];
        if (next) {
          const state = STATES[step]!;
          const ack: Ack = { v: PROTOCOL_VERSION, cmdId: next.cmd.id, broadcastId: next.cmd.broadcastId, state, at: new Date().toISOString() };
          sent.push({ key: `${next.cmd.broadcastId} ${next.rx} ${state}`, at: performance.now() });
          clients.find((c) => c.options.clientId === next.rx)!.publish(topics.rx(next.rx, 'ack'), JSON.stringify(ack), { qos: 1 });
          if (++step === STATES.length) {
            step = 0;
            pending.shift();
          }
        }
        await sleep(Math.max(0, PROBE_EVERY_MS - (performance.now() - t0)));
      }
      await creating;
      // Acks still in flight when the phase ended get a moment to land.
      await until(async () => sent.every((s) => handled.has(s.key)) || null, 10_000, 'the last acks').catch(() => {});
      for (const s of sent) {
        const at = handled.get(s.key);
        if (at !== undefined) acks.push(at - s.at);
      }
      return { healthz: stats(healthz), acks: stats(acks), lostAcks: sent.length - acks.length };
    };

    await until(async () => (pending.length > 0 ? true : (await newBroadcast(), null)), 30_000, 'play commands', 1000);
    const baselineEnd = performance.now() + BASELINE_MS;
    const baseline = await probe(() => performance.now() > baselineEnd);

    const text = longVietnameseText(CHARS).trim();
    let job: { state: string; broadcastId?: string } = { state: 'queued' };
    const t0 = performance.now();
    const created = await fetch(`${server.baseUrl}/api/v1/broadcasts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Kế hoạch xây dựng chính quyền thân thiện', text, zoneIds: ['thon-dong'] }),
    });
    const answeredMs = Math.round(performance.now() - t0);
    const { statusUrl: jobUrl } = (await created.json()) as { statusUrl: string };
    if (created.status !== 202) throw new Error(`expected 202, got ${created.status}`);
    const poller = (async () => {
      while (job.state !== 'done' && job.state !== 'failed') {
        job = await server.api('GET', jobUrl);
        await sleep(500);
      }
    })();
    const during = await probe(() => job.state === 'done' || job.state === 'failed');
    await poller;
    const renderS = Math.round((performance.now() - t0) / 100) / 10;
    if (job.state !== 'done') throw new Error(`render ${job.state}`);

    const row = (phase: string, r: Awaited<ReturnType<typeof probe>>) =>
      `| ${phase} | ${r.healthz.n} | ${r.healthz.p50} | ${r.healthz.p99} | ${r.healthz.max} | ${r.acks.n} | ${r.acks.p50} | ${r.acks.p99} | ${r.acks.max} | ${r.lostAcks} |`;
    const body = `
\`npx tsx bench/render-load.ts\` — ${started.toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}. Load average when it started: ${load}${os.loadavg()[0] > os.cpus().length / 2 ? ' (other work shared the machine)' : ' (a quiet machine)'}.

The compiled server on SQLite and the embedded broker, ${RECEIVERS} receivers (raw MQTT clients) in one hamlet. Every ${PROBE_EVERY_MS} ms the benchmark times one \`GET /healthz\` and publishes one ack (received → downloaded → playing → done, broadcast after broadcast); an ack is timed from its publish to the panel's server-sent \`delivery\` event for it. First ${BASELINE_MS / 1000} s with nothing rendering, then while \`POST /api/v1/broadcasts\` renders a ${CHARS.toLocaleString('en')}-character text (seed plan 001) with eSpeak: answered **202 in ${answeredMs} ms**, rendered and broadcast after ${renderS} s.

| phase | /healthz n | p50 ms | p99 ms | max ms | acks n | p50 ms | p99 ms | max ms | acks lost |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row('idle', baseline)}
${row(`rendering ${CHARS.toLocaleString('en')} characters`, during)}

Goal: p99 ≤ 50 ms for both while rendering: **${during.healthz.p99 <= 50 && during.acks.p99 <= 50 ? 'met' : 'not met'}** here.${
      baseline.healthz.p99 > 50
        ? ` Here the idle row is already above it: other work saturated the machine (load average ${load} on ${os.cpus().length} cores), so what the render costs is the difference between the two rows, not their level; run it on a quiet machine for the absolute figures.`
        : ''
    } eSpeak's WASM synthesis runs in a worker thread and ffmpeg in child processes; what is left on the event loop is the text normalizer (~0.1 s for 20,000 characters, once) and moving the audio between steps. Before (eSpeak on the main thread) the same render held the loop for seconds at a time: \`/healthz\` took up to 3 s, and \`test/speech/render-off-loop.test.ts\` saw the loop stall 5.3 s on an 8,000-character text.
`;
    if (QUICK) console.log(body);
    else console.log(`wrote ${writeSection('Rendering under load', body)}`);
  } finally {
    events?.destroy();
    for (const c of clients) c.end(true);
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
