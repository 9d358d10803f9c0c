import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import type { MakeDb } from './harness.js';

export function mediaStoreSuite(makeDb: MakeDb): void {
  describe('media rows', () => {
    let dataDir: string;
    let store: LocalMediaStore;
    beforeEach(async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-store-media-'));
      store = new LocalMediaStore({ db: await makeDb(), dataDir });
    });
    afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

    const file = async (bytes: Buffer) => {
      const f = path.join(dataDir, `${crypto.randomUUID()}.mp3`);
      await fs.writeFile(f, bytes);
      return f;
    };

    it('stores a file under its sha256 with one row, byte size as a number, the same audio twice as one', async () => {
      const audio = crypto.randomBytes(4096);
      const sha = crypto.createHash('sha256').update(audio).digest('hex');
      const meta = { source: 'upload' as const, durationMs: 1234, originalName: 'thông báo.mp3', loudness: { integrated: -16.02, truePeak: -1.5 }, peaks: [0, 0.5, 1] };
      const row = await store.put(await file(audio), meta);
      expect(row).toMatchObject({ sha256: sha, format: 'mp3', bytes: 4096, duration_ms: 1234, loudness_i: -16.02, true_peak: -1.5, source: 'upload', original_name: 'thông báo.mp3' });
      expect(typeof row.bytes).toBe('number');
      expect(JSON.parse(row.peaks_json!)).toEqual([0, 0.5, 1]);
      expect(await fs.readFile(store.filePath(sha))).toEqual(audio);

      // The conflict on sha256 is ignored on both backends: the first row stays.
      const again = await store.put(await file(audio), { ...meta, originalName: 'lần hai.mp3' });
      expect(again).toEqual(row);
      expect(await store.get('0'.repeat(64))).toBeUndefined();
      expect(await store.get('not-a-sha')).toBeUndefined();
    });
  });
}
