// A voice chain inside the speech service: a failing voice hands over, the
// fallback's render is kept under its own voice, the first voice is asked
// again next time, and a vendor past its monthly limit is skipped.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { AudioPipeline } from '../../src/audio/pipeline.js';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { SpeechService } from '../../src/speech/speech-service.js';
import { VoiceUsage } from '../../src/speech/usage.js';
import type { SynthesizedAudio, Voice } from '../../src/speech/voice.js';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';

/** A cloud voice stand-in that speaks with eSpeak while `up`, fails otherwise, and counts calls. */
class SwitchableVoice implements Voice {
  up = true;
  calls = 0;
  private readonly inner = new EspeakVoice('vi');
  constructor(readonly id: string) {}
  async synthesize(text: string): Promise<SynthesizedAudio> {
    this.calls++;
    if (!this.up) throw new Error(`${this.id}: service unavailable`);
    return this.inner.synthesize(text);
  }
}

let dir: string;
let database: OpenedDatabase;
let speech: SpeechService;
let usage: VoiceUsage;
const fpt = new SwitchableVoice('fpt:banmai');
const zalo = new SwitchableVoice('zalo:1');

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-failover-'));
  database = await openDatabase({ dataDir: dir });
  usage = new VoiceUsage(database.db, { limits: { zalo: 40 }, vendors: ['fpt', 'zalo'], timezone: 'Asia/Ho_Chi_Minh' });
  speech = new SpeechService({
    db: database.db,
    store: new LocalMediaStore({ db: database.db, dataDir: dir }),
    pipeline: new AudioPipeline({ workDir: path.join(dir, 'tmp') }),
    voices: new Map<string, Voice>([
      ['espeak:vi', new EspeakVoice('vi')],
      ['espeak:vi-vn-x-south', new EspeakVoice('vi-vn-x-south')],
      [fpt.id, fpt],
      [zalo.id, zalo],
    ]),
    profiles: [
      { id: 'fpt:banmai', vendor: 'fpt', label: 'Ban Mai', region: 'north', gender: 'female' },
      { id: 'zalo:1', vendor: 'zalo', label: 'Nữ miền Nam', region: 'south', gender: 'female' },
    ],
    usage,
    defaultVoice: 'fpt:banmai,espeak:vi',
    log: silentLogger,
  });
});
afterAll(async () => {
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a voice chain in the speech service', () => {
  it('hands over when the first voice fails, keeps that render, and asks the first voice again next time', async () => {
    fpt.up = false;
    const first = await speech.render('Xin chào bà con.');
    expect(first.voice).toBe('espeak:vi');
    expect(fpt.calls).toBe(1);
    // Still down: tried again, then the fallback's render is reused.
    const again = await speech.render('Xin chào bà con.');
    expect(again).toMatchObject({ voice: 'espeak:vi', sha256: first.sha256 });
    expect(fpt.calls).toBe(2);
    fpt.up = true;
    const back = await speech.render('Xin chào bà con.');
    expect(back.voice).toBe('fpt:banmai');
    // And now the first voice's render is the one kept.
    expect((await speech.render('Xin chào bà con.')).voice).toBe('fpt:banmai');
    expect(fpt.calls).toBe(3);
    expect(await usage.used('fpt')).toBe([...'Xin chào bà con.'].length);
  });

  it("falls to the eSpeak of the chosen voice's region", async () => {
    zalo.up = false;
    fpt.up = false;
    expect((await speech.render('Bà con miền Nam nghe rõ.', { voice: 'zalo:1' })).voice).toBe('espeak:vi-vn-x-south');
    zalo.up = true;
    fpt.up = true;
  });

  it('skips a vendor past its monthly limit without asking it', async () => {
    const calls = zalo.calls;
    expect((await speech.render('Hai mươi ký tự thôi.', { voice: 'zalo:1' })).voice).toBe('zalo:1');
    expect(await usage.used('zalo')).toBe(20);
    // 20 + 24 > 40: skipped, the chain goes on.
    expect((await speech.render('Thêm hai mươi tư ký tự nữa.', { voice: 'zalo:1' })).voice).toBe('fpt:banmai');
    expect(zalo.calls).toBe(calls + 1);
    expect(await usage.current()).toEqual([
      { vendor: 'fpt', month: usage.month(), chars: expect.any(Number), limit: null },
      { vendor: 'zalo', month: usage.month(), chars: 20, limit: 40 },
    ]);
  });
});
