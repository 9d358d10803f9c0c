// FPT.AI, Viettel AI and Zalo AI voices against local fakes that behave as
// the vendors document (test/fakes/vietnamese-tts.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudVoiceError } from '../../src/speech/voices/cloud.js';
import { FptVoice } from '../../src/speech/voices/fpt.js';
import { listViettelVoices, VIETTEL_VOICES, ViettelVoice } from '../../src/speech/voices/viettel.js';
import { ZaloVoice } from '../../src/speech/voices/zalo.js';
import { startFakeFpt, startFakeViettel, startFakeZalo, type FakeTts } from '../fakes/vietnamese-tts.js';
import { LONG_TEXT, SENTENCE, voiceSuite } from './voice-suite.js';

let fpt: FakeTts;
let viettel: FakeTts;
let zalo: FakeTts;
beforeAll(async () => {
  [fpt, viettel, zalo] = await Promise.all([startFakeFpt({ apiKey: 'fpt-key', readyAfterMs: 300, readyAfterPolls: 1 }), startFakeViettel({ token: 'vt-token' }), startFakeZalo({ apiKey: 'zalo-key' })]);
});
afterAll(async () => {
  await Promise.all([fpt, viettel, zalo].map((f) => f.close()));
});

const fptVoice = (o: Partial<ConstructorParameters<typeof FptVoice>[0]> = {}) => new FptVoice({ baseUrl: fpt.url, apiKey: 'fpt-key', name: 'banmai', pollMs: 50, ...o });
const viettelVoice = (o: Partial<ConstructorParameters<typeof ViettelVoice>[0]> = {}) => new ViettelVoice({ baseUrl: viettel.url, token: 'vt-token', name: 'hn-quynhanh', ...o });
const zaloVoice = (o: Partial<ConstructorParameters<typeof ZaloVoice>[0]> = {}) => new ZaloVoice({ baseUrl: zalo.url, apiKey: 'zalo-key', speaker: 1, ...o });

voiceSuite('fpt:banmai against the fake', () => fptVoice());
voiceSuite('viettel:hn-quynhanh against the fake', () => viettelVoice());
voiceSuite('zalo:1 against the fake', () => zaloVoice());

/** The failure a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<CloudVoiceError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudVoiceError);
  return err as CloudVoiceError;
}

describe('FptVoice', () => {
  it('polls the async URL through its 404s until the MP3 is there', async () => {
    const polls = fpt.notReadyPolls;
    const { audio, container } = await fptVoice({ name: 'leminh' }).synthesize(SENTENCE, { rate: 1.2 });
    expect(container).toBe('mp3');
    expect(audio.length).toBeGreaterThan(1000);
    expect(fpt.notReadyPolls - polls).toBeGreaterThan(0);
    const sent = fpt.requests.at(-1)!;
    expect(sent.text).toBe(SENTENCE);
    expect(sent.headers['api-key']).toBe('fpt-key');
    expect(sent.voice).toBe('leminh');
    expect(sent.speed).toBe('2');
  });

  it('gives up with a timeout when the file never appears in time', async () => {
    const slow = await startFakeFpt({ apiKey: 'k', readyAfterMs: 600_000 });
    try {
      const err = await failure(new FptVoice({ baseUrl: slow.url, apiKey: 'k', name: 'banmai', pollMs: 20, readyTimeoutMs: 1000 }).synthesize(SENTENCE));
      expect(err.kind).toBe('timeout');
      expect(slow.notReadyPolls).toBeGreaterThanOrEqual(1);
    } finally {
      await slow.close();
    }
  });

  it('sends text longer than 5,000 characters in pieces cut at sentence ends', async () => {
    const from = fpt.requests.length;
    await fptVoice().synthesize(LONG_TEXT);
    const sent = fpt.requests.slice(from).map((r) => r.text);
    expect(sent.length).toBeGreaterThan(1);
    for (const t of sent) expect(t).toMatch(/[.!?]$/);
    expect(sent.join(' ').replace(/\s+/g, ' ')).toBe(LONG_TEXT.replace(/\s+/g, ' ').trim());
  });

  it('says the key was refused, the quota spent, the service down', async () => {
    expect((await failure(fptVoice({ apiKey: 'wrong' }).synthesize(SENTENCE))).message).toMatch(/FPT_AI_API_KEY.*Invalid authentication/);
    fpt.failNext(1, 'quota');
    expect((await failure(fptVoice().synthesize(SENTENCE))).kind).toBe('quota');
    fpt.failNext(1, 'down');
    expect((await failure(fptVoice().synthesize(SENTENCE))).kind).toBe('unavailable');
    expect((await failure(fptVoice({ name: 'nobody' }).synthesize(SENTENCE))).message).toMatch(/Invalid voice nobody/);
  });

  it('times out a request that hangs', async () => {
    fpt.failNext(1, 'hang');
    const err = await failure(fptVoice({ timeoutMs: 300 }).synthesize(SENTENCE));
    expect(err.kind).toBe('timeout');
  });
});

describe('ViettelVoice', () => {
  it('posts the documented JSON and gets the audio itself', async () => {
    const { container } = await viettelVoice({ name: 'hcm-diemmy' }).synthesize(SENTENCE, { rate: 2 });
    expect(container).toBe('mp3');
    const sent = viettel.requests.at(-1)!;
    expect(sent).toMatchObject({ text: SENTENCE, voice: 'hcm-diemmy', speed: '1.3' });
  });

  it('cuts long text into pieces of at most 2,000 characters, at sentence ends', async () => {
    const from = viettel.requests.length;
    await viettelVoice().synthesize(LONG_TEXT);
    const sent = viettel.requests.slice(from).map((r) => r.text);
    expect(sent.length).toBeGreaterThan(3);
    for (const t of sent) {
      expect([...t].length).toBeLessThanOrEqual(2000);
      expect(t).toMatch(/[.!?]$/);
    }
  });

  it('reads the error JSON: a wrong token, a spent quota (429), an unknown voice', async () => {
    expect((await failure(viettelVoice({ token: 'bad' }).synthesize(SENTENCE))).message).toMatch(/VIETTEL_AI_TOKEN\): Token không hợp lệ — Invalid token \(code 401\)/);
    const spent = await startFakeViettel({ token: 't', quotaChars: 10 });
    try {
      const err = await failure(new ViettelVoice({ baseUrl: spent.url, token: 't', name: 'hn-quynhanh' }).synthesize(SENTENCE));
      expect(err.kind).toBe('quota');
      expect(err.message).toMatch(/Đã hết hạn mức/);
    } finally {
      await spent.close();
    }
    expect((await failure(viettelVoice({ name: 'hn-nobody' }).synthesize(SENTENCE))).kind).toBe('refused');
  });

  it('lists the voices the catalogue offers', async () => {
    const listed = await listViettelVoices(viettel.url);
    expect(listed.sort()).toEqual(VIETTEL_VOICES.map((v) => v.id.slice('viettel:'.length)).sort());
  });
});

describe('ZaloVoice', () => {
  it('posts the form fields with the apikey header and fetches the audio URL', async () => {
    const { container } = await zaloVoice({ speaker: 4 }).synthesize(SENTENCE, { rate: 0.5 });
    expect(container).toBe('mp3');
    const sent = zalo.requests.at(-1)!;
    expect(sent).toMatchObject({ text: SENTENCE, voice: '4', speed: '0.8' });
    expect(sent.headers.apikey).toBe('zalo-key');
  });

  it('never sends over 2,000 characters (the service refuses them with code 155)', async () => {
    const from = zalo.requests.length;
    await zaloVoice().synthesize(LONG_TEXT);
    for (const r of zalo.requests.slice(from)) expect([...r.text].length).toBeLessThanOrEqual(2000);
    // And what the fake does with a longer input, as the documentation says.
    const res = await fetch(`${zalo.url}/v1/tts/synthesize`, { method: 'POST', headers: { apikey: 'zalo-key' }, body: new URLSearchParams({ input: 'a'.repeat(2001) }) });
    expect(await res.json()).toMatchObject({ error_code: 155 });
  });

  it('reads error codes in a 200 answer: a wrong key, a spent quota; a 502 is the service down', async () => {
    expect((await failure(zaloVoice({ apiKey: 'bad' }).synthesize(SENTENCE))).kind).toBe('auth');
    zalo.failNext(1, 'quota');
    expect((await failure(zaloVoice().synthesize(SENTENCE))).kind).toBe('quota');
    zalo.failNext(1, 'down');
    expect((await failure(zaloVoice().synthesize(SENTENCE))).kind).toBe('unavailable');
  });
});
