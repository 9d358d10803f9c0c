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
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = buf.length - (buf.length % 2);
    this.carry = usable < buf.length ? buf.subarray(usable) : null;
    buf = buf.subarray(0, usable);
    for (let i = 0; i < buf.length; i += 2) {
      const v = Math.abs(buf.readInt16LE(i));
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
