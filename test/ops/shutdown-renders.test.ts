// The server's stop did not wait for the renders it was running: a speech
// job went on synthesizing and encoding after the database had closed, its
// MP3 landed in the media folder afterwards (the test helper removing the
// data folder had to try again, ENOTEMPTY) and its row stayed 'running'. A
// stop now takes no new render (503 shutting_down) and waits, up to
// SHUTDOWN_WAIT_S, for the running ones: their files and rows are written
// before it returns, and nothing changes after. A render still running
// when SHUTDOWN_WAIT_S is over went on after the stop (its ffmpeg kept the
// process alive): it is now killed, its ffmpeg or its eSpeak worker ended.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { longVietnameseText } from '../helpers/long-text.js';

let t: TestServer | undefined;
let stopped = false;
const others: TestServer[] = [];
afterAll(async () => {
  if (t && !stopped) await t.server.stop();
  if (t) await fs.rm(t.dataDir, { recursive: true, force: true });
  for (const o of others) await fs.rm(o.dataDir, { recursive: true, force: true });
});

type JobRow = { id: string; state: string; error: string | null; media_sha256: string | null };
/** A speech job's row and whether its media is stored, read from a stopped server's data folder. */
async function jobAfterStop(dataDir: string, jobId: string): Promise<{ job: JobRow; mediaStored: boolean }> {
  const database = await openDatabase({ dataDir });
  try {
    const job = await database.db.withTables<{ speech_jobs: JobRow }>().selectFrom('speech_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const mediaStored = job.media_sha256 !== null && (await database.db.selectFrom('media').select('sha256').where('sha256', '=', job.media_sha256).executeTakeFirst()) !== undefined;
    return { job, mediaStored };
  } finally {
    await database.close();
  }
}

/** This process's ffmpeg children (the server runs in it). */
const ffmpegChildren = () => {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((c) => /ffmpeg/.test(c));
  } catch {
    return []; // ps exits 1 when there are none
  }
};

const listing = async (dir: string) => (await fs.readdir(dir).catch(() => [] as string[])).sort();

it.runIf(process.env.LOA_TEST_BACKEND !== 'postgres-mosquitto')('a stop in the middle of a render waits for it, refuses new ones, and nothing is written after it returns', async () => {
  t = await startTestServer();
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    const start = await t.api('POST', '/api/v1/speech/render', { text: longVietnameseText(4000) });
    expect(start.status).toBe(202);
    const jobId = start.body.jobId as string;
    await waitFor(async () => {
      const j = (await t!.api('GET', `/api/v1/speech/jobs/${jobId}`)).body;
      return j.state === 'running' && j.percent >= 1;
    }, 20_000, 'the render under way');
    expect((await t.api('GET', `/api/v1/speech/jobs/${jobId}`)).body.state).toBe('running');

    const stopping = t.server.stop().then(() => (stopped = true));
    // While it drains, a new render is refused; the HTTP server still answers.
    await new Promise((r) => setTimeout(r, 100));
    const refused = await fetch(`${t.baseUrl}/api/v1/speech/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Thông báo mới trong lúc máy chủ dừng.' }),
    });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('shutting_down');
    await stopping;

    // The render finished before the stop returned: its media and its job's end are written.
    const media = path.join(t.dataDir, 'media');
    const files = await listing(media);
    const { job, mediaStored } = await jobAfterStop(t.dataDir, jobId);
    expect(job.state).toBe('done');
    expect(files).toContain(`${job.media_sha256}.mp3`);
    expect(mediaStored).toBeTruthy();
    // And nothing comes after: no late file, no scratch file left, no late failure.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await listing(media)).toEqual(files);
    expect(await listing(path.join(t.dataDir, 'tmp'))).toEqual([]);
    expect(rejections).toEqual([]);
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}, 90_000);

describe.runIf(process.env.LOA_TEST_BACKEND !== 'postgres-mosquitto')('past SHUTDOWN_WAIT_S', () => {
  // `stage`: how far the render is when the stop comes (its percent: synthesis until 30, then the ffmpeg pipeline).
  for (const [what, chars, stage, killed] of [
    ['eSpeak synthesizing', 12_000, (p: number) => p >= 1 && p < 30, /eSpeak stopped: the server is stopping/],
    ['ffmpeg encoding', 6000, (p: number) => p > 31, /ffmpeg stopped: the server is stopping/],
  ] as const) {
    it(`a render still running (${what}) is killed: the stop returns, its job failed, no ffmpeg is left and nothing is written after`, async () => {
      const s = await startTestServer({ SHUTDOWN_WAIT_S: '0' });
      others.push(s);
      const start = await s.api('POST', '/api/v1/speech/render', { text: longVietnameseText(chars) });
      expect(start.status).toBe(202);
      const jobId = start.body.jobId as string;
      await waitFor(async () => {
        const j = (await s.api('GET', `/api/v1/speech/jobs/${jobId}`)).body;
        if (j.state !== 'running') throw new Error(`the render is ${j.state} before the stop`);
        return stage(j.percent);
      }, 30_000, `the render at ${what}`);
      const began = Date.now();
      await s.server.stop();
      expect(Date.now() - began).toBeLessThan(5000);
      expect(ffmpegChildren()).toEqual([]);
      const media = path.join(s.dataDir, 'media');
      const files = await listing(media);
      const { job } = await jobAfterStop(s.dataDir, jobId);
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(killed);
      await new Promise((r) => setTimeout(r, 2000));
      expect(await listing(media)).toEqual(files);
      expect(ffmpegChildren()).toEqual([]);
    }, 60_000);
  }
});
