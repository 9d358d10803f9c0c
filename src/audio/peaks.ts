// A waveform summary for the control panel: the loudest sample of each of N
// equal slices, 0..1. Fed raw s16le mono PCM as ffmpeg streams it out.
import { Writable } from 'node:stream';

// 10 ms blocks at the decode rate keep memory small (30 min ≈ 180k numbers)
// without knowing the length in advance.
const BLOCK_SECONDS = 0.01;

export class PeakMeter extends Writable {
  private readonly blockSamples: number;
  private readonly blocks: number[] = [];
  private current = 0;
  private inBlock = 0;
  private carry: Buffer | null = null;

  constructor(sampleRate: number) {
    super();
    this.blockSamples = Math.max(1, Math.round(sampleRate * BLOCK_SECONDS));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = buf.length - (buf.length % 2);
    this.carry = usable < buf.length ? Buffer.from(buf.subarray(usable)) : null;
    // A copy into a fresh ArrayBuffer: stream chunks may sit at odd offsets,
    // which an Int16Array view cannot.
    const samples = new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + usable));
    for (let i = 0; i < samples.length; i++) {
      const v = Math.abs(samples[i]);
      if (v > this.current) this.current = v;
      if (++this.inBlock === this.blockSamples) this.flushBlock();
    }
    done();
  }

  private flushBlock(): void {
    this.blocks.push(this.current / 32768);
    this.current = 0;
    this.inBlock = 0;
  }

  /** `count` peaks, rounded to 3 decimals (fewer when the audio is shorter than `count` blocks). */
  peaks(count: number): number[] {
    if (this.inBlock > 0) this.flushBlock();
    const n = Math.min(count, this.blocks.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = Math.floor((i * this.blocks.length) / n);
      const to = Math.floor(((i + 1) * this.blocks.length) / n);
      let max = 0;
      for (let j = from; j < to; j++) if (this.blocks[j] > max) max = this.blocks[j];
      out.push(Math.round(max * 1000) / 1000);
    }
    return out;
  }
}
