// Cuts an MP3 byte stream into whole frames, so a listener that joins
// mid-stream starts on a frame boundary and every frame has a place on the
// session's timeline (1152 samples: 26.12 ms at 44.1 kHz).

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface FrameHeader {
  bytes: number;
  samples: number;
  sampleRate: number;
}

/** The frame starting at `buf[i]`, or null if no MPEG layer III header is there. */
export function frameAt(buf: Buffer, i: number): FrameHeader | null {
  if (i + 4 > buf.length || buf[i] !== 0xff || (buf[i + 1]! & 0xe0) !== 0xe0) return null;
  const version = (buf[i + 1]! >> 3) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
  const layer = (buf[i + 1]! >> 1) & 3;
  if (version === 1 || layer !== 1) return null;
  const bitrateIdx = buf[i + 2]! >> 4;
  const rateIdx = (buf[i + 2]! >> 2) & 3;
  if (bitrateIdx === 0 || bitrateIdx === 15 || rateIdx === 3) return null;
  const padding = (buf[i + 2]! >> 1) & 1;
  const sampleRate = RATES[version]![rateIdx]!;
  const kbps = (version === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIdx]!;
  const samples = version === 3 ? 1152 : 576;
  return { bytes: Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding, samples, sampleRate };
}

/** Feed bytes in any pieces; get whole frames out. Bytes before the first frame (an ID3 tag) are dropped. */
export class Mp3FrameSplitter {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): { frames: Buffer; count: number; durationMs: number } {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let i = 0;
    let end = 0;
    let count = 0;
    let durationMs = 0;
    let start = -1;
    while (i + 4 <= buf.length) {
      const h = frameAt(buf, i);
      if (!h) {
        // Resync: skip a byte (only ever at the start or after corruption).
        if (start < 0) {
          i++;
          continue;
        }
        break;
      }
      if (i + h.bytes > buf.length) break;
      if (start < 0) start = i;
      i += h.bytes;
      end = i;
      count++;
      durationMs += (h.samples * 1000) / h.sampleRate;
    }
    const frames = start < 0 ? Buffer.alloc(0) : buf.subarray(start, end);
    this.pending = Buffer.from(buf.subarray(start < 0 ? Math.max(0, i) : end));
    return { frames, count, durationMs };
  }
}
