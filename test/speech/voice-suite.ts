// The contract every Voice must meet, as one suite each engine's test runs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voice } from '../../src/speech/voice.js';
import { ffprobeCli } from '../audio/ffmpeg-cli.js';

export const SENTENCE = 'Kính thưa bà con, sáng mai, thứ hai, trạm y tế xã sẽ tiêm phòng cho trẻ em dưới năm tuổi.';

// ≈ 14 sentences of ~120 bytes each per paragraph; 6 paragraphs > 5,000 bytes.
export const LONG_TEXT = Array.from(
  { length: 6 },
  (_, i) =>
    `Đoạn thứ ${i + 1}. Thông báo của Ủy ban nhân dân xã về việc phòng chống lụt bão năm nay. ` +
    'Các hộ gia đình ở vùng trũng cần chuẩn bị lương thực, nước uống và thuốc men cho ít nhất ba ngày. '.repeat(5) +
    'Khi có lệnh sơ tán, bà con di chuyển đến nhà văn hóa thôn theo hướng dẫn của lực lượng chức năng. '.repeat(5),
).join('\n');

export function voiceSuite(name: string, makeVoice: () => Voice | Promise<Voice>): void {
  describe(`voice contract: ${name}`, () => {
    let voice: Voice;
    let dir: string;

    beforeAll(async () => {
      voice = await makeVoice();
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-voice-'));
    });
    afterAll(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    async function seconds(text: string): Promise<number> {
      const { audio, container } = await voice.synthesize(text);
      expect(audio.length).toBeGreaterThan(1000);
      const file = path.join(dir, `${Math.random().toString(36).slice(2)}.${container}`);
      await fs.writeFile(file, audio);
      const info = await ffprobeCli(file); // throws unless ffprobe reads it as audio
      expect(info.channels).toBeGreaterThanOrEqual(1);
      return info.durationS;
    }

    it('speaks a Vietnamese sentence as audio ffprobe accepts, of plausible length', async () => {
      expect(voice.id).toMatch(/^[a-z]+:.+/);
      const s = await seconds(SENTENCE);
      // 94 characters: read between 2.5 and 30 characters per second.
      expect(s).toBeGreaterThan(SENTENCE.length / 30);
      expect(s).toBeLessThan(SENTENCE.length / 2.5);
    });

    it('refuses empty text with a clear error', async () => {
      await expect(voice.synthesize('')).rejects.toThrow(/empty/);
      await expect(voice.synthesize('  \n ')).rejects.toThrow(/empty/);
    });

    it('speaks text longer than 5,000 bytes whole', async () => {
      expect(Buffer.byteLength(LONG_TEXT)).toBeGreaterThan(5000);
      const s = await seconds(LONG_TEXT);
      expect(s).toBeGreaterThan(LONG_TEXT.length / 30);
      expect(s).toBeLessThan(LONG_TEXT.length / 2.5);
    });

    it('gives the same length for the same text twice', async () => {
      expect(await seconds(SENTENCE)).toBe(await seconds(SENTENCE));
    });
  });
}
