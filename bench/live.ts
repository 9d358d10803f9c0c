// Live broadcast benchmarks (docs/benchmarks.md, "Live"): the compiled
// server in a child process, audio pushed to PUT /api/v1/live/:id/audio at
// real-time pace from this process, receivers simulated here.
//   1. Mouth to speaker: a click written into the pushed WAV → the click out
//      of a receiver's decoder (ffmpeg decoding the stream as ffplay would),
//      and where the time goes (server: transcode + fan-out; receiver: decode).
//   2. Spread of the same bytes' playout across 100 receivers, in step vs plain.
//   3. Server CPU streaming to 200 listeners (embedded), and to 2000 through
//      Icecast (a private icecast2), with the ratio.
// Run: npx tsx bench/live.ts [--quick] [--only=speaker|step|cpu]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ReceiverAgent } from '../devices/agent.js';
import type { Player, StreamPlayback } from '../devices/player.js';
import { FleetSimulator } from '../devices/simulator.js';
import { ffmpegPaths } from '../src/audio/ffmpeg.js';
import { Mp3FrameSplitter } from '../src/stream/mp3-frames.js';
import { icecastAvailable, startIcecast } from '../test/helpers/icecast.js';
import { ADMIN_TOKEN, percentile, sleep, startServerProcess, until, writeSection, type ServerProcess } from './harness.js';

const QUICK = process.argv.includes('--quick');
const RATE = 16_000;
const CLICK_EVERY_MS = 1000;
const CLICKS = QUICK ? 10 : 30;

// ---- the source: a WAV pushed at real-time pace, a click every second -------

interface PushedSource {
  /** Epoch ms at which each click's first sample was written to the socket. */
  clicks: number[];
  stop(): void;
}

function pushClicks(server: ServerProcess, sessionId: string, seconds: number): PushedSource {
  const req = http.request(`${server.baseUrl}/api/v1/live/${sessionId}/audio`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/wav', 'transfer-encoding': 'chunked' },
  });
  req.on('error', () => {});
  req.setNoDelay(true);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(0xffffffff, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(0xffffffff, 40);
  req.write(header);
  const clicks: number[] = [];
  const t0 = Date.now();
  let written = 0;
  const clickSamples = (RATE * 30) / 1000;
  const timer = setInterval(() => {
    const due = Math.min(Math.floor(((Date.now() - t0) * RATE) / 1000), seconds * RATE);
    if (due <= written) return;
    const buf = Buffer.alloc((due - written) * 2);
    for (let i = written; i < due; i++) {
      const inPeriod = i % ((RATE * CLICK_EVERY_MS) / 1000);
      // Silence, then 30 ms of 1 kHz near full scale from 0.5 s into the source on.
      const v = i > RATE / 2 && inPeriod < clickSamples ? Math.round(24_000 * Math.sin((2 * Math.PI * 1000 * inPeriod) / RATE)) : 0;
      buf.writeInt16LE(v, (i - written) * 2);
      if (i > RATE / 2 && inPeriod === 0) clicks.push(Date.now());
    }
    written = due;
    req.write(buf);
    if (written >= seconds * RATE) {
      clearInterval(timer);
      req.end();
    }
  }, 5);
  return {
    clicks,
    stop: () => {
      clearInterval(timer);
      req.destroy();
    },
  };
}

// ---- the receiver's decoder, watching for the clicks ---------------------------

/** Decodes the live stream with ffmpeg (what ffplay does before the sound card) and notes when each click comes out. */
class ClickDetectingPlayer implements Player {
  readonly onsets: number[] = [];

  play(): never {
    throw new Error('live only');
  }

  stream(): StreamPlayback {
    const child = spawn(
      ffmpegPaths().ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-probesize', '32', '-analyzeduration', '0', '-f', 'mp3', '-i', 'pipe:0', '-ac', '1', '-ar', '8000', '-flush_packets', '1', '-f', 's16le', 'pipe:1'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    child.stdin!.on('error', () => {});
    let quiet = 0;
    let odd: Buffer | null = null;
    child.stdout!.on('data', (d: Buffer) => {
      const at = Date.now();
      const buf = odd ? Buffer.concat([odd, d]) : d;
      const n = Math.floor(buf.length / 2);
      odd = buf.length % 2 ? buf.subarray(buf.length - 1) : null;
      for (let i = 0; i < n; i++) {
        if (Math.abs(buf.readInt16LE(i * 2)) > 6000) {
          if (quiet > 2400) this.onsets.push(at);
          quiet = 0;
        } else quiet++;
      }
    });
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { done, write: (c) => void child.stdin!.write(c), stop: () => child.kill('SIGKILL') };
  }
}

/** Where each click sits in a received MP3 byte stream: decoded offline, mapped back to the frame that carries it. */
async function clickOffsets(mp3: Buffer): Promise<number[]> {
  const child = spawn(ffmpegPaths().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'mp3', '-i', 'pipe:0', '-ac', '1', '-ar', '44100', '-f', 's16le', 'pipe:1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(mp3);
  await new Promise((r) => child.once('exit', r));
  const pcm = Buffer.concat(out);
  // Frame i ends at byte ends[i].
  const ends: number[] = [];
  const split = new Mp3FrameSplitter();
  let offset = 0;
  for (let i = 0; i < mp3.length; i += 4096) {
    const chunk = mp3.subarray(i, i + 4096);
    const { frames, count } = split.push(chunk);
    for (let f = 0; f < count; f++) ends.push(offset + ((f + 1) * frames.length) / count);
    offset += frames.length;
  }
  const offsets: number[] = [];
  let quiet = 0;
  for (let s = 0; s < pcm.length / 2; s++) {
    if (Math.abs(pcm.readInt16LE(s * 2)) > 6000) {
      if (quiet > 13_000) offsets.push(Math.round(ends[Math.min(ends.length - 1, Math.floor(s / 1152))]!));
      quiet = 0;
    } else quiet++;
  }
  return offsets;
}

// ---- server set-up ----------------------------------------------------------------

async function commune(server: ServerProcess, receivers: number): Promise<{ id: string; secret: string }[]> {
  await server.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  await server.api('POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
  const out: { id: string; secret: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < receivers) {
      const id = `rx-${String(next++).padStart(4, '0')}`;
      out.push({ id, secret: (await server.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'thon' })).secret });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU of a process over `ms`, as a share of one core. */
async function cpuShare(pid: number, ms: number): Promise<number> {
  const a = cpuMs(pid);
  await sleep(ms);
  return (cpuMs(pid) - a) / ms;
}

function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;

// ---- 1. mouth to speaker -----------------------------------------------------------

async function latency(dataDir: string): Promise<string> {
  const server = await startServerProcess({ DATA_DIR: path.join(dataDir, 'latency') });
  try {
    const [cred] = await commune(server, 1);
    const player = new ClickDetectingPlayer();
    const agent = new ReceiverAgent({ id: cred!.id, secret: cred!.secret, mqttUrl: server.mqttUrl, cacheDir: path.join(dataDir, 'agent'), player, telemetryIntervalMs: 0 });
    const arrivals: { end: number; at: number }[] = [];
    const bytes: Buffer[] = [];
    agent.on('liveAudio', (_c, chunk, at) => {
      bytes.push(chunk);
      arrivals.push({ end: (arrivals.at(-1)?.end ?? 0) + chunk.length, at });
    });
    await agent.start();
    const live = await server.api('POST', '/api/v1/live', { title: 'Đo độ trễ', zoneIds: ['thon'], priority: 'normal' });
    await until(async () => (await server.api('GET', `/api/v1/live/${live.id}`)).listeners === 1, 90_000, 'the receiver listening');
    const source = pushClicks(server, live.id, CLICKS + 2);
    await until(async () => source.clicks.length >= CLICKS && player.onsets.length >= CLICKS, (CLICKS + 30) * 1000, 'the clicks out of the decoder', 500);
    source.stop();
    await server.api('POST', `/api/v1/live/${live.id}/stop`);
    await agent.stop();
    // Each click out is paired with the latest click sent before it (latency stays well under the 1 s between
    // clicks); the first two are left out: ffmpeg probes its input (32 kB) before the first frame.
    const sentBefore = (at: number) => source.clicks.filter((c) => c <= at).at(-1);
    const warm = source.clicks[2] ?? 0;
    const total = player.onsets.filter((o) => o >= warm).map((o) => o - sentBefore(o)!);
    const offsets = await clickOffsets(Buffer.concat(bytes));
    const toListener: number[] = [];
    for (const offset of offsets) {
      const arrived = arrivals.find((a) => a.end >= offset);
      if (arrived && arrived.at >= warm) toListener.push(arrived.at - sentBefore(arrived.at)!);
    }
    const s = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const t = s(total);
    const l = s(toListener);
    const decode = percentile(t, 50) - percentile(l, 50);
    return `Mouth to speaker on loopback, embedded engine, ${t.length} clicks (one a second) written into a WAV pushed at real-time pace to \`PUT /api/v1/live/:id/audio\`, to the click coming out of the receiver's decoder (ffmpeg decoding the stream as ffplay does, \`-fflags nobuffer -probesize 32\`):

| | median | p99 |
|---|---|---|
| click in → out of the receiver's decoder | ${ms(percentile(t, 50))} | ${ms(percentile(t, 99))} |
| click in → its MP3 frame at the receiver (server: ffmpeg transcode, frame split, fan-out, HTTP) | ${ms(percentile(l, 50))} | ${ms(percentile(l, 99))} |
| receiver: frame in → decoded out | ${ms(decode)} | |

Where the time goes: the server's ffmpeg reads its input in blocks and LAME holds about one frame (26 ms) plus its look-ahead before it emits a frame; the embedded engine forwards whole frames as soon as they are cut (no backlog, \`TCP_NODELAY\`); the receiver's decoder needs a frame (and the MP3 bit reservoir the next) before sound comes out. The browser adds its MediaRecorder slice (250 ms) on top, and a phone's uplink its own delay; the in-step mode adds its fixed delay by design.`;
  } finally {
    await server.stop();
  }
}

// ---- 2. spread across 100 receivers ------------------------------------------------------

async function spread(dataDir: string): Promise<string> {
  const n = QUICK ? 30 : 100;
  const server = await startServerProcess({ DATA_DIR: path.join(dataDir, 'spread') });
  const rows: string[] = [];
  try {
    const creds = await commune(server, n);
    const sim = new FleetSimulator({ mqttUrl: server.mqttUrl, receivers: creds, cacheDir: path.join(dataDir, 'sim'), telemetryIntervalMs: 0, connectRate: 500 });
    await sim.start();
    for (const mode of ['plain', 'step'] as const) {
      const live = await server.api('POST', '/api/v1/live', { title: `Lệch ${mode}`, zoneIds: ['thon'], priority: 'normal', ...(mode === 'step' && { syncDelayMs: 500 }) });
      const released = new Map<string, { end: number; at: number }[]>();
      const onAudio = (rx: string, b: string, chunk: Buffer, at: number) => {
        if (b !== live.broadcastId) return;
        const list = released.get(rx) ?? [];
        list.push({ end: (list.at(-1)?.end ?? 0) + chunk.length, at });
        released.set(rx, list);
      };
      sim.on('liveAudio', onAudio);
      await until(async () => (await server.api('GET', `/api/v1/live/${live.id}`)).listeners === n, 60_000, `${n} listeners`);
      const source = pushClicks(server, live.id, 12);
      await sleep(12_000);
      source.stop();
      await server.api('POST', `/api/v1/live/${live.id}/stop`);
      sim.off('liveAudio', onAudio);
      const lists = [...released.values()];
      const maxEnd = Math.min(...lists.map((l) => l.at(-1)?.end ?? 0));
      const spreads: number[] = [];
      for (let offset = 2000; offset < maxEnd; offset += 2000) {
        const ats = lists.map((l) => l.find((p) => p.end >= offset)!.at);
        spreads.push(Math.max(...ats) - Math.min(...ats));
      }
      spreads.sort((a, b) => a - b);
      rows.push(`| ${mode === 'step' ? 'in step (`syncDelayMs` 500)' : 'plain (play as it arrives)'} | ${lists.length} | ${spreads.length} | ${ms(percentile(spreads, 50))} | ${ms(percentile(spreads, 99))} | ${ms(spreads.at(-1) ?? NaN)} |`);
      await sleep(1000);
    }
    await sim.stop();
  } finally {
    await server.stop();
  }
  return `The same bytes handed to the player by ${n} simulated receivers of one session (one process, loopback): spread = latest − earliest release of each 2 kB offset of the stream.

| mode | receivers | offsets | spread p50 | p99 | max |
|---|---|---|---|---|---|
${rows.join('\n')}

Load average during the run: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores. Plain mode spreads by whatever delays one receiver more than another: here the fleet process's event loop working through ${n} sockets, in the field the receivers' network paths (4G: tens to hundreds of ms) and their decoders' buffering. In step, each piece is released at its server instant + the fixed delay by the receiver's clock, so what remains is clock error (the clock watch reports each receiver's offset) and timer precision — and any piece that reaches a receiver later than the delay, which then plays at once (out of step): the p99 counts those, so the delay must cover the worst arrival.`;
}

// ---- 3. CPU: 200 listeners embedded, 2000 through Icecast -------------------------------------

async function cpu(dataDir: string): Promise<string> {
  const window = QUICK ? 10_000 : 20_000;
  const rows: string[] = [];
  const measure = async (label: string, env: Record<string, string>, listeners: number, extraPid?: () => number | undefined) => {
    const server = await startServerProcess({ DATA_DIR: path.join(dataDir, `cpu-${listeners}-${label.length}`), ...env });
    try {
      const creds = await commune(server, listeners);
      const sim = new FleetSimulator({ mqttUrl: server.mqttUrl, receivers: creds, cacheDir: path.join(dataDir, 'sim-cpu'), telemetryIntervalMs: 0, connectRate: 500 });
      const live = await server.api('POST', '/api/v1/live', { title: 'Tải', zoneIds: ['thon'], priority: 'normal' });
      const source = pushClicks(server, live.id, 600);
      // Idle: the session streams with no listener yet (encoder and recording only).
      await sleep(3000);
      const idle = await cpuShare(server.pid, window);
      await sim.start();
      // On a loaded machine thousands of receivers take a while to join: measure with those playing after 5 minutes at most.
      const playing = async () => ((await server.api('GET', `/api/v1/live/${live.id}`)).broadcast.counts.playing ?? 0) as number;
      await until(async () => (await playing()) >= listeners, 300_000, `${listeners} receivers playing`, 1000).catch(() => undefined);
      await sleep(2000);
      const joined = await playing();
      const ff = childPids(server.pid);
      const ice = extraPid?.();
      const [loaded, ffShare, iceShare] = await Promise.all([cpuShare(server.pid, window), ff.length ? cpuShare(ff[0]!, window) : Promise.resolve(NaN), ice ? cpuShare(ice, window) : Promise.resolve(NaN)]);
      const got = creds.map((c) => sim.liveReceived(c.id, live.broadcastId).bytes).filter((b) => b > 0);
      source.stop();
      await server.api('POST', `/api/v1/live/${live.id}/stop`);
      await sim.stop();
      rows.push(`| ${label} | ${joined === listeners ? listeners : `${joined} of ${listeners}`} | ${(idle * 100).toFixed(1)} % | ${(loaded * 100).toFixed(1)} % | ${((loaded - idle) * 100).toFixed(1)} % | ${(ffShare * 100).toFixed(1)} % | ${Number.isNaN(iceShare) ? '—' : `${(iceShare * 100).toFixed(1)} %`} | ${Math.min(...got)} |`);
      return loaded - idle;
    } finally {
      await server.stop();
    }
  };
  const embedded = await measure('embedded', {}, QUICK ? 50 : 200);
  let ratio = '';
  if (icecastAvailable()) {
    const ice = await startIcecast();
    try {
      const viaIcecast = await measure('Icecast', { ICECAST_URL: ice.url }, QUICK ? 200 : 2000, () => ice.pid);
      ratio =
        viaIcecast > 0 && embedded > 0
          ? `\n\nServer CPU for the streaming with ${QUICK ? 200 : 2000} listeners through Icecast ÷ with ${QUICK ? 50 : 200} on the embedded engine: **${(viaIcecast / embedded).toFixed(2)}** (the server feeds one source connection whatever the audience; Icecast carries the listeners).`
          : `\n\nThrough Icecast the server's CPU did not measurably change with the audience (the difference is within the machine's noise): it feeds one source connection whatever the number of listeners; Icecast carries them.`;
    } finally {
      await ice.close();
    }
  }
  return `CPU as a share of one core over ${window / 1000} s, read from \`/proc\`, on this shared 2-core machine (other work ran alongside: compare rows, not absolutes). *Idle* is the server while the session streams with no listener; *streaming* is the difference once every receiver plays (the fan-out itself). The session's ffmpeg is a separate process.

| engine | listeners | server idle | server with listeners | streaming (difference) | ffmpeg | icecast2 | least bytes a receiver got |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}${ratio}`;
}

async function main(): Promise<void> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'loa-bench-live-'));
  try {
    const parts: string[] = [];
    // Each part is printed as it is done: a later failure loses nothing.
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
    for (const [title, run] of [['Mouth to speaker', latency], ['Receivers in step', spread], ['Listeners and CPU', cpu]] as const) {
      if (only && !title.toLowerCase().includes(only)) continue;
      parts.push(`### ${title}\n\n${await run(dataDir)}`);
      console.log(parts.at(-1));
    }
    const body = `\`npx tsx bench/live.ts\`${QUICK ? ' (--quick)' : ''}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}).\n\n${parts.join('\n\n')}`;
    if (!QUICK && !only) console.log(`written to ${writeSection('Live', body)}`);
  } finally {
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
