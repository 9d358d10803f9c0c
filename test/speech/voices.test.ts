import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';
import { GoogleVoice } from '../../src/speech/voices/google.js';
import { startFakeGoogleTts, type FakeGoogleTts } from '../fakes/google-tts.js';
import { LONG_TEXT, SENTENCE, voiceSuite } from './voice-suite.js';

let fake: FakeGoogleTts;
beforeAll(async () => {
  fake = await startFakeGoogleTts();
});
afterAll(async () => {
  await fake.close();
});

const google = (name = 'vi-VN-Wavenet-A') => new GoogleVoice({ name, client: fake.client(), baseDelayMs: 20 });

voiceSuite('espeak:vi', () => new EspeakVoice('vi'));
voiceSuite('espeak:vi-vn-x-south', () => new EspeakVoice('vi-vn-x-south'));
voiceSuite('google:vi-VN-Wavenet-A against the fake', () => google());

describe('EspeakVoice', () => {
  it('speaks text that starts with a dash instead of taking it for an option', async () => {
    const { audio } = await new EspeakVoice('vi').synthesize('-5 độ C vào sáng mai');
    expect(audio.length).toBeGreaterThan(20_000);
  });
});

describe('GoogleVoice', () => {
  it('sends every request under 5,000 bytes, cut at sentence ends', async () => {
    const from = fake.requests.length;
    await google().synthesize(LONG_TEXT);
    const sent = fake.requests.slice(from).map((r) => r.input.text!);
    expect(sent.length).toBeGreaterThan(1);
    for (const t of sent) {
      expect(Buffer.byteLength(t)).toBeLessThanOrEqual(5000);
      expect(t).toMatch(/[.!?]$/);
    }
    expect(sent.join(' ').replace(/\s+/g, ' ')).toBe(LONG_TEXT.replace(/\s+/g, ' ').trim());
  });

  it('retries 503 with back-off and succeeds', async () => {
    fake.failNext(2, 503, 'The service is currently unavailable.');
    const from = fake.requests.length;
    const { audio } = await google().synthesize(SENTENCE);
    expect(audio.length).toBeGreaterThan(1000);
    expect(fake.requests.length - from).toBe(3);
  });

  it('retries 429 too, then gives up with a clear error', async () => {
    fake.failNext(3, 429, 'Quota exceeded');
    const voice = new GoogleVoice({ name: 'vi-VN-Standard-A', client: fake.client(), attempts: 3, baseDelayMs: 10 });
    await expect(voice.synthesize(SENTENCE)).rejects.toThrow(/google:vi-VN-Standard-A: .*unavailable after 3 attempts: Quota exceeded/);
  });

  it('does not retry a 400 and says what Google objected to', async () => {
    const from = fake.requests.length;
    await expect(google('vi-VN-Nonexistent-Z').synthesize(SENTENCE)).rejects.toThrow(/rejected the request: Voice 'vi-VN-Nonexistent-Z' does not exist/);
    expect(fake.requests.length - from).toBe(1);
  });

  it('explains refused credentials', async () => {
    fake.failNext(1, 403, 'Cloud Text-to-Speech API has not been used in project 123');
    await expect(google().synthesize(SENTENCE)).rejects.toThrow(/GOOGLE_APPLICATION_CREDENTIALS/);
  });

  it('does not send a pitch to Chirp 3 HD voices, which reject it', async () => {
    const { audio } = await google('vi-VN-Chirp3-HD-Kore').synthesize(SENTENCE, { pitch: 2 });
    expect(audio.length).toBeGreaterThan(1000);
    expect(fake.requests.at(-1)!.audioConfig.pitch).toBeUndefined();
  });
});
