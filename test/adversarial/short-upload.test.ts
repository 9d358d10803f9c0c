// An upload shorter than one loudness block (0.4 s) of real sound: EBU R128
// cannot measure it, and the pipeline answered "the file is only silence"
// for a clearly audible 0.3 s tone. It now says the sound is too short; a
// silent file of the same length is still "silent", and 0.6 s of tone airs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let dir: string;

beforeAll(async () => {
  t = await startTestServer();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-short-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function upload(file: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([await fs.readFile(file)]), path.basename(file));
  const res = await fetch(`${t.baseUrl}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: form });
  return { status: res.status, body: await res.json() };
}

it('0.3 s of tone is refused as too short, not as silence; 0.3 s of silence is silent; 0.6 s of tone is taken', async () => {
  const tone = path.join(dir, 'tone-0.3.mp3');
  const quiet = path.join(dir, 'quiet-0.3.wav');
  const longer = path.join(dir, 'tone-0.6.mp3');
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.3', '-ac', '1', '-ar', '22050', tone]);
  await ffmpegCli(['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '0.3', quiet]);
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.6', '-ac', '1', '-ar', '22050', longer]);

  const short = await upload(tone);
  expect(short.status, JSON.stringify(short.body)).toBe(422);
  expect(short.body.code).toBe('too_short');
  expect(short.body.error).toMatch(/^Âm thanh quá ngắn, dưới 0,4 giây/);

  const silent = await upload(quiet);
  expect(silent.status).toBe(422);
  expect(silent.body.code).toBe('silent');

  const ok = await upload(longer);
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  expect(ok.body.durationMs).toBeGreaterThan(300);
});
