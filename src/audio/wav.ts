// Just enough RIFF/WAVE to join PCM from several synthesis calls into one
// file without a decode/encode round trip.
export interface Pcm {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  data: Buffer;
}

export function parseWav(buf: Buffer): Pcm {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let fmt: Omit<Pcm, 'data'> | undefined;
  for (let off = 12; off + 8 <= buf.length; ) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (buf.readUInt16LE(body) !== 1) throw new Error('WAV is not integer PCM');
      fmt = { channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bitsPerSample: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before fmt chunk');
      // Streaming writers (espeak among them) leave a placeholder size.
      return { ...fmt, data: buf.subarray(body, Math.min(buf.length, body + size)) };
    }
    off = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}

export function buildWav(pcm: Pcm): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = (pcm.channels * pcm.bitsPerSample) / 8;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(pcm.channels, 22);
  header.writeUInt32LE(pcm.sampleRate, 24);
  header.writeUInt32LE(pcm.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(pcm.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.data.length, 40);
  return Buffer.concat([header, pcm.data]);
}

/** Joins WAV files of one format into one. */
export function joinWavs(files: Buffer[]): Buffer {
  const parts = files.map(parseWav);
  const first = parts[0];
  if (!first) throw new Error('no audio to join');
  for (const p of parts) {
    if (p.sampleRate !== first.sampleRate || p.channels !== first.channels || p.bitsPerSample !== first.bitsPerSample) {
      throw new Error('cannot join WAV files of different formats');
    }
  }
  return buildWav({ ...first, data: Buffer.concat(parts.map((p) => p.data)) });
}
