// Scale benchmarks, written to the "Scale" section of docs/benchmarks.md:
//   fan-out to 1k/5k/10k simulated receivers on embedded aedes + SQLite and on
//   Mosquitto + PostgreSQL, start skew, panel API latency with 10k receivers,
//   and 1k concurrent media downloads from Loa Làng vs nginx.
//
//   npx tsx bench/scale.ts           (needs PostgreSQL on 127.0.0.1:5432, mosquitto;
//                                     installs nginx with apt-get when missing)
//   npx tsx bench/scale.ts --quick   (200 receivers: checks the benchmark, writes nothing)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL } from '../test/helpers/postgres.js';
import { MOSQUITTO_BIN } from '../test/helpers/mosquitto.js';
import { runFanout, scrape, type FanoutReport, type MemorySample } from './fanout.js';
import { downloads, startNginx, type DownloadResult } from './media.js';
import { ADMIN_TOKEN, metric, sleep, until, writeSection } from './harness.js';

const QUICK = process.argv.includes('--quick');
const CONCURRENT_DOWNLOADS = QUICK ? 100 : 1000;
const SHAPE: [number, number, number] = QUICK ? [2, 2, 50] : [10, 10, 100];
const fanoutShape = { shape: SHAPE, communesPerRun: QUICK ? [1, 2] : [1, 5, 10] };

async function machine(): Promise<string> {
  const cpus = os.cpus();
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  const pgVersion = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  await client.end();
  const mosquitto = spawnSync(MOSQUITTO_BIN!, ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0]!.replace(/ is an MQTT.*$/, '');
  return `${cpus.length} cores (${cpus[0]!.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node ${process.version}, PostgreSQL ${pgVersion}, ${mosquitto}, open files limit ${spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()}`;
}

function fanoutTable(reports: FanoutReport[]): string {
  const rows = reports.flatMap((r) =>
    r.runs.map(
      (x) =>
        `| ${r.stack} | ${x.receivers} | ${x.receivedMs} | ${x.downloadedMs} | ${x.serverReceivedMs} | ${x.serverDownloadedMs} | ${x.acksPerSecond} | ${(x.serverDoneAfterStartMs / 1000).toFixed(1)} | ${x.lost} (${x.status}) | ${x.serverRssMb} | ${x.serverHeapMb} / ${x.serverExternalMb} | ${x.brokerRssMb ?? '—'} |`,
    ),
  );
  return [
    '| stack | receivers | last received, ms | last downloaded, ms | server has all received, ms | server has all downloaded, ms | acks/s recorded | all done recorded, s after startAt | lost (status) | server RSS, MB | server heap / outside heap, MB | Mosquitto RSS, MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

const mem = (m: MemorySample) => `${m.rssMb} MB (${m.heapMb} / ${m.externalMb})`;

function skewTable(reports: FanoutReport[]): string {
  return [
    '| stack | receivers | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...reports.flatMap((r) => r.runs.map((x) => `| ${r.stack} | ${x.receivers} | ${x.skew.p50} | ${x.skew.p99} | ${x.skew.max} |`)),
  ].join('\n');
}

function apiTable(reports: FanoutReport[]): string {
  const routes = reports[0]!.api.map((a) => a.route);
  return [
    `| route | ${reports.map((r) => `${r.stack} p50 / p99 ms`).join(' | ')} | response KB |`,
    `| --- | ${reports.map(() => '---:').join(' | ')} | ---: |`,
    ...routes.map((route) => `| \`${route}\` | ${reports.map((r) => r.api.find((a) => a.route === route)).map((a) => (a ? `${a.p50} / ${a.p99}` : '—')).join(' | ')} | ${reports[0]!.api.find((a) => a.route === route)!.kb} |`),
  ].join('\n');
}

function downloadTable(results: DownloadResult[], bytes: number): string {
  return [
    `${CONCURRENT_DOWNLOADS} simultaneous GETs of the same ${(bytes / 1024).toFixed(0)} KB MP3 (new connection each), client on the same machine:`,
    '',
    '| server | wall ms | MB/s | p50 ms | p99 ms | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.server} | ${r.wallMs} | ${r.mbPerS} | ${r.p50Ms} | ${r.p99Ms} | ${Object.entries(r.failed).map(([why, n]) => `${n} ${why}`).join(', ') || 0} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const started = new Date();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const host = await machine();
  console.log(host);
  let media: DownloadResult[] = [];
  let mediaBytes = 0;
  const embedded = await runFanout('aedes+sqlite', {
    ...fanoutShape,
    // The fleet is gone by then: the server only serves downloads.
    keepServer: async (server, url) => {
      if (!url) return;
      // Let the server finish with the fleet's goodbyes first.
      await until(async () => metric(await scrape(server), 'loa_receivers', { online: 'true' }) === 0, 120_000, 'the fleet to be gone', 500);
      await sleep(2000);
      // nginx serves a copy of the very same file.
      const file = path.join(os.tmpdir(), path.basename(new URL(url).pathname));
      fs.writeFileSync(file, Buffer.from(await (await fetch(url)).arrayBuffer()));
      mediaBytes = fs.statSync(file).size;
      const loa = await downloads('Loa Làng (express, Node)', url, mediaBytes, CONCURRENT_DOWNLOADS);
      const nginx = await startNginx(file);
      try {
        media = [loa, await downloads(`nginx ${nginx.version}`, nginx.url, mediaBytes, CONCURRENT_DOWNLOADS)];
      } finally {
        await nginx.stop();
      }
      fs.rmSync(file, { force: true });
    },
  });
  const external = await runFanout('mosquitto+postgres', fanoutShape);
  const reports = [embedded, external];
  const body = `
\`npx tsx bench/scale.ts\` — ${started.toISOString().slice(0, 10)}, ${host}. Load average when it started: ${load}. The server runs compiled, as a province deployment runs it (\`npm run build\`, then \`node dist/src/cli.js serve\`), in a child process; the simulated fleet (devices/simulator.ts, one Node process, 10k MQTT connections) and the broker share the same cores, so every figure is an upper bound of what a dedicated server takes.

The province: ${SHAPE.join(' × ')} (communes × hamlets × receivers) = ${SHAPE.reduce((a, b) => a * b)} receivers, provisioned through the API (${reports.map((r) => `${r.stack} ${r.provisionS.toFixed(0)} s`).join(', ')}) and connected at 1000/s (all seen online by the server after ${reports.map((r) => `${r.stack} ${r.connectS.toFixed(0)} s`).join(', ')}), sending telemetry every 60 s throughout. Each broadcast targets whole zones (one command per commune, or the province: the broker fans out), with \`startAt\` = now + LEAD_TIME_MS (30 s), so it is dispatched at once. Times are from the dispatch (the server writing the deliveries, then publishing) to the last receiver's ack as the fleet sent it, and to the moment \`/metrics\` showed the server had recorded all of them (polled every 200 ms). The simulated receivers share one media cache, so "downloaded" measures the protocol, not the transfer: the download benchmark below measures that.

### Fan-out

${fanoutTable(reports)}

"Lost" counts acks the fleet never sent plus deliveries the server did not record as done: 0 means every receiver went received → downloaded → playing → done and the server has all of it. Server RSS (V8 heap in use / outside the heap) when idle before provisioning: ${reports.map((r) => `${r.stack} ${mem(r.memoryIdle)}`).join(', ')}; with the whole fleet online, before any broadcast: ${reports.map((r) => `${r.stack} ${mem(r.memoryOnline)}`).join(', ')}; peak over the whole run: ${reports.map((r) => `${r.stack} ${r.serverPeakMb} MB`).join(', ')}.

What these runs found:

- The embedded aedes answered each new subscription by matching every retained message against it; with a retained config and state per receiver, 10 000 receivers could not all connect within two minutes. Fixed: exact subscriptions are answered from an index (\`src/mqtt/broker.ts\`).
- aedes' delivery queue (mqemitter, capped at 100 messages in flight) drained recursively: 10 000 receivers dropping at once (their Last Wills) overflowed the stack and killed the server. Fixed: no cap.
- Mosquitto drops QoS 1 messages queued for a client beyond \`max_queued_messages\` (default 1000), and the server's one connection carries every ack: it lost 40–50 % of the acks of a 5–10k fan-out. Fixed in \`deploy/mosquitto/mosquitto.conf\` (100 000) and the test broker.
- "All done recorded" grew with the square of the fan-out (55–64 s after startAt at 10 000), because each final ack re-read every delivery of the broadcast to derive its status. Fixed: a final ack now asks one indexed question, "is any delivery still open?", and the status is counted once when none is (\`Dispatcher.refreshStatus\`, index deliveries (broadcast_id, state)).
- Server memory was mostly garbage, not data: a heap snapshot with 10 000 receivers online held ~170 MB of live objects (most of it aedes' per-connection state), while RSS climbed past 800 MB during one broadcast. The sampling heap profiler found 6.4 GB allocated in one place during that broadcast: Kysely's SQLite driver guards its one connection with a mutex that wakes every waiting query on each release, so 10 000 acks arriving together cost ~n²/2 promise wake-ups. Fixed: queries queue for the connection in order and prepared statements are kept (\`src/db/sqlite-driver.ts\`). Each ack also read its broadcast and its delivery before writing; it is now one conditional write, and a receiver's state or telemetry is written and read back in one statement (\`RETURNING\`). The Google voice's client library (~30 MB) now loads only when a Google voice speaks, and the benchmark runs the compiled server, as a province does (tsx at run time costs ~55 MB).

Against the goals (10 000 receivers, 2 shared cores):

- All \`received\` ≤ 1 s after dispatch with embedded aedes, and ≤ 1.5× Mosquitto's time: within 1.5× of Mosquitto in every run (0.7× at 10 000 here); at 10 000 the last ack came 0.85–1.06 s after dispatch across runs, on the edge of 1 s. Both brokers are bound by the one simulator process that holds all 10 000 connections on the same 2 cores as the server and the broker.
- Start skew p99 ≤ 20 ms across 1 000 receivers: met. At 5–10k the figure is the simulator's single event loop, not the protocol.
- Server RSS ≤ 400 MB at 10 000: met with the fleet online (embedded aedes ~360 MB, Mosquitto ~270 MB, compiled server), not while a fan-out to all 10 000 is being recorded (~650–730 MB at the end of that run, V8 defaults). What holds it: with the embedded broker the server's process holds aedes' state for each connection (~14 KB a receiver, ~140 MB at 10 000), and while 40 000 acks are written in a few seconds V8 lets the heap grow to several times its live set before a full collection. The "Memory" section below measures it phase by phase and with V8's heap growth capped (\`--heap-growing-percent=50\`). An external broker takes the connections out of the server's process.
- Panel API p99 ≤ 50 ms: met for every route the panel loads — receivers and broadcasts are paged (\`limit\`, \`after\`/\`before\`, a \`Link\` to the next page), the technician page asks per zone and for the offline ones, a broadcast's coverage is counted per hamlet and its deliveries come a page at a time. The one route still above it on PostgreSQL is the whole broadcast with all 10 000 deliveries (2.5 MB, kept for integrations; the panel does not load it).

### Start skew (playing − startAt)

The simulated receivers share one process and one start timer, so beyond 1k the skew measures the simulator's single event loop firing 5–10k starts at once, not what independent boards on NTP would show.

${skewTable(reports)}

### Panel API with ${SHAPE.reduce((a, b) => a * b)} receivers online

Median and 99th percentile of 20 sequential requests (after 2 warm-ups), admin token, fleet connected:

${apiTable(reports)}

### Media downloads

${media.length ? downloadTable(media, mediaBytes) : '(not run)'}

Reproduce: \`npx tsx bench/scale.ts\` (PostgreSQL on 127.0.0.1:5432 as in \`.ci/run\`, the mosquitto binary, and apt-get for nginx). It rewrites only this section.
`;
  if (QUICK) console.log(body);
  else console.log(`wrote ${writeSection('Scale', body)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
