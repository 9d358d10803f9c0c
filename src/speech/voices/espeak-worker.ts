// Runs in a worker thread (started by espeak.ts): eSpeak NG's WASM synthesis
// is seconds of uninterrupted CPU for a long text, which on the main thread
// would hold up acks, dispatch and every HTTP answer meanwhile.
import ESpeakNg from 'espeak-ng';
import { joinWavs } from '../../audio/wav.js';
import { serveRequests } from '../../threads/serve.js';

export interface EspeakRequest {
  /** eSpeak's options (voice, speed, pitch); each chunk is spoken after '--'. */
  options: string[];
  chunks: string[];
}

async function speak(options: string[], text: string): Promise<Buffer> {
  const errors: string[] = [];
  const module = await ESpeakNg({
    // '--' ends the options, so text starting with '-' (e.g. "-5 độ") is spoken, not parsed.
    arguments: [...options, '-w', 'out.wav', '--', text],
    print() {},
    printErr(line: string) {
      if (!line.startsWith('program exited')) errors.push(line);
    },
  });
  try {
    return Buffer.from(module.FS.readFile('out.wav'));
  } catch {
    throw new Error(`espeak-ng produced no audio${errors.length ? `: ${errors.join('; ')}` : ''}`);
  }
}

serveRequests<EspeakRequest, Uint8Array<ArrayBuffer>>(
  async (req) => {
    const wavs: Buffer[] = [];
    // One at a time: each call is a fresh 32 MB WASM instance (the build does
    // not export callMain, so an instance cannot be reused; ~100 ms each).
    for (const chunk of req.chunks) wavs.push(await speak(req.options, chunk));
    const wav = wavs.length === 1 ? wavs[0]! : joinWavs(wavs);
    // A copy we own outright, so it moves to the main thread without copying again.
    const out = new Uint8Array(wav.length);
    out.set(wav);
    return out;
  },
  (wav) => [wav.buffer],
);
