// Test-side tools for live broadcasts: sources made by ffmpeg (a tone), a
// paced push like `ffmpeg -re … | curl -T -`, the frequency of what a
// receiver played, and a TCP proxy whose connections a test can cut.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { ffmpegPaths } from '../../src/audio/ffmpeg.js';

/** `ffmpeg -re` encoding a sine tone to MP3 on stdout, at real-time pace, as a desk encoder would. */
export function toneSource(hz: number, seconds: number, format: 'mp3' | 'wav' | 'ogg' = 'mp3'): ChildProcess {
  const codec = format === 'mp3' ? ['-c:a', 'libmp3lame', '-b:a', '64k'] : format === 'ogg' ? ['-c:a', 'libopus', '-b:a', '32k'] : [];
  return spawn(ffmpegPaths().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}`, '-ac', '1', ...codec, '-f', format, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** PUTs a child's stdout as a chunked body (curl -T -); resolves with the response once the server answers. */
export function pushStream(url: string, token: string, source: ChildProcess): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    source.stdout!.pipe(req);
  });
}

/** A PUT fed by a child's stdout that the test ends itself: it may stop the flow (unpipe) or drop the socket (destroy). */
export function openPush(url: string, token: string, source: ChildProcess): http.ClientRequest {
  const req = http.request(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' } });
  req.on('error', () => {});
  source.stdout!.pipe(req, { end: false });
  return req;
}

/** Decodes MP3 bytes to 8 kHz mono PCM with ffmpeg and estimates the dominant frequency from zero crossings. */
export async function dominantHz(mp3: Buffer): Promise<{ hz: number; seconds: number }> {
  const child = spawn(ffmpegPaths().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'mp3', '-i', 'pipe:0', '-ac', '1', '-ar', '8000', '-f', 's16le', 'pipe:1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(mp3);
  await new Promise((r) => child.once('exit', r));
  const pcm = Buffer.concat(out);
  const n = Math.floor(pcm.length / 2);
  // Skip the decoder's first and last 0.1 s (joins, padding); hysteresis ignores noise near zero.
  let crossings = 0;
  let sign = 0;
  const from = 800;
  const to = Math.max(from, n - 800);
  for (let i = from; i < to; i++) {
    const v = pcm.readInt16LE(i * 2);
    const s = v > 300 ? 1 : v < -300 ? -1 : 0;
    if (s !== 0 && s !== sign) {
      if (sign !== 0) crossings++;
      sign = s;
    }
  }
  const seconds = (to - from) / 8000;
  return { hz: seconds > 0 ? crossings / 2 / seconds : 0, seconds: n / 8000 };
}

/** A TCP proxy to a port set later; `cut()` drops every connection it carries (a receiver's link failing). */
export async function startProxy(): Promise<{ port: number; target: { port: number }; connections: () => number; cut(): void; close(): Promise<void> }> {
  const target = { port: 0 };
  const open = new Set<net.Socket>();
  let total = 0;
  const server = net.createServer((client) => {
    total++;
    const upstream = net.connect(target.port, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    target,
    connections: () => total,
    cut: () => {
      for (const s of open) s.destroy();
      open.clear();
    },
    close: () => {
      for (const s of open) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
