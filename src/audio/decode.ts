// Compressed audio → PCM WAV of one fixed format, so speech a cloud voice
// returned in several MP3 pieces can be joined (src/audio/wav.ts) before the
// pipeline, with no drift from concatenated MP3 headers.
import { execFile } from 'node:child_process';
import { ffmpegPaths } from './ffmpeg.js';

export const DECODED_RATE = 24000;

export function decodeToWav(input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      ffmpegPaths().ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-ac', '1', '-ar', String(DECODED_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', '-map_metadata', '-1', 'pipe:1'],
      { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`ffmpeg could not decode the audio: ${stderr.toString().trim() || err.message}`)) : resolve(stdout)),
    );
    child.stdin!.on('error', () => {}); // ffmpeg may exit before reading it all; the callback reports why
    child.stdin!.end(input);
  });
}
