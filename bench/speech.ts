// Speech and audio benchmark: a one-minute announcement from written text to
// the stored broadcast MP3 (normalize → eSpeak → pipeline → store), then the
// very same ffmpeg/ffprobe command lines replayed straight from the shell to
// show what the Node wrapper (fluent-ffmpeg, parsing, promises) costs.
//
//   npx tsx bench/speech.ts [runs]     (default 5; writes docs/benchmarks.md)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegPaths } from '../src/audio/ffmpeg.js';
import { LocalMediaStore } from '../src/audio/media-store.js';
import { AudioPipeline } from '../src/audio/pipeline.js';
import { openDatabase } from '../src/db/index.js';
import { normalize } from '../src/speech/normalize/index.js';
import { EspeakVoice } from '../src/speech/voices/espeak.js';

const ANNOUNCEMENT = `UBND xã Tân Phú thông báo: Thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2025 về tiêm chủng mở rộng, \
từ 7h30 đến 11h00 ngày 15/6/2025, Trạm Y tế xã tổ chức tiêm vắc-xin sởi - rubella cho trẻ từ 1 đến 5 tuổi. \
Đề nghị các gia đình có con em trong độ tuổi đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng và giấy khai sinh. \
Trẻ đang sốt trên 38,5 độ C hoặc đang ốm cần báo cho cán bộ y tế trước khi tiêm. \
Thôn 1, thôn 2 và thôn 3 tiêm buổi sáng; thôn 4 và thôn 5 tiêm buổi chiều, từ 13h30 đến 16h30. \
Mọi thắc mắc xin liên hệ đồng chí Nguyễn Văn An, trưởng trạm, số điện thoại 0912 345 678. \
Ngoài ra, Ban chỉ huy phòng chống thiên tai xã đề nghị bà con thường xuyên theo dõi thông tin thời tiết, \
chủ động gia cố nhà cửa, chằng chống mái tôn, cắt tỉa cành cây gần đường dây điện, \
và không đánh bắt thủy sản trên sông khi có mưa lớn. \
Xin trân trọng thông báo để toàn thể nhân dân được biết và thực hiện.`;

interface Run {
  normalizeMs: number;
  synthMs: number;
  pipelineMs: number;
  storeMs: number;
  totalMs: number;
  /** CPU time of the whole render: this process plus every ffmpeg it ran. */
  totalCpuMs: number;
  cliMs: number;
  /** CPU time (this process and its children) of the pipeline stage, and of the CLI replay. */
  pipelineCpuMs: number;
  cliCpuMs: number;
  commands: number;
  audioS: number;
  loudness: number;
  truePeak: number;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const loadBefore = os.loadavg();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-bench-'));
  const database = await openDatabase({ dataDir: dir });
  try {
    const store = new LocalMediaStore({ db: database.db, dataDir: dir });
    const pipeline = new AudioPipeline({ workDir: path.join(dir, 'tmp') });
    const voice = new EspeakVoice('vi');
    await once(pipeline, store, voice, 'Chạy khởi động.'); // WASM compile, fluent-ffmpeg's capability probe
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(await once(pipeline, store, voice, ANNOUNCEMENT));
      process.stderr.write(`run ${i + 1}/${runs}: ${JSON.stringify(results.at(-1))}\n`);
    }
    await writeReport(results, loadBefore);
  } finally {
    await database.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function once(pipeline: AudioPipeline, store: LocalMediaStore, voice: EspeakVoice, text: string): Promise<Run> {
  const commands: string[] = [];
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const { spoken } = normalize(text, {});
  const t1 = performance.now();
  const { audio, container } = await voice.synthesize(spoken);
  const raw = path.join(pipeline.workDir, `bench.${container}`);
  await fs.mkdir(pipeline.workDir, { recursive: true });
  await fs.writeFile(raw, audio);
  const t2 = performance.now();
  const cpu2 = cpuMs();
  const out = await pipeline.process(raw, { onCommand: (c) => commands.push(c) });
  const t3 = performance.now();
  const cpu3 = cpuMs();
  // Replay before the store moves the output away; same files, same order.
  const replayed = path.join(pipeline.workDir, 'replayed.mp3');
  const cliCommands = commands.map((c) => c.replaceAll(out.path, replayed));
  const row = await store.put(out.path, { source: 'tts', durationMs: out.durationMs, loudness: out.loudness, peaks: out.peaks });
  const t4 = performance.now();
  const cpu4 = cpuMs();
  await fs.copyFile(store.filePath(row.sha256), replayed); // the inspect pass reads the encoded file
  const c0 = performance.now();
  const cc0 = cpuMs();
  for (const c of cliCommands) await cli(c);
  const cliMs = performance.now() - c0;
  // Spawning costs this process CPU too, as it would a shell.
  const cliCpuMs = cpuMs() - cc0;
  await fs.rm(raw);
  await fs.rm(replayed);
  return {
    normalizeMs: t1 - t0,
    synthMs: t2 - t1,
    pipelineMs: t3 - t2,
    storeMs: t4 - t3,
    totalMs: t4 - t0,
    totalCpuMs: cpu4 - cpu0,
    cliMs,
    pipelineCpuMs: cpu3 - cpu2,
    cliCpuMs,
    commands: commands.length,
    audioS: out.durationMs / 1000,
    loudness: out.loudness.integrated,
    truePeak: out.loudness.truePeak,
  };
}

// CPU time survives a busy machine far better than wall time does. Children
// are counted once reaped, which every awaited run is.
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // cutime and cstime, fields 16 and 17 of proc(5), in clock ticks (100 Hz on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function cpuMs(): number {
  const self = process.cpuUsage();
  return (self.user + self.system) / 1000 + childrenCpuMs();
}

// The command lines contain no spaces inside arguments (temp paths, filter
// graphs), so splitting on spaces recovers argv exactly.
function cli(commandLine: string): Promise<void> {
  const [name, ...args] = commandLine.split(' ');
  const bin = name === 'ffprobe' ? ffmpegPaths().ffprobe : ffmpegPaths().ffmpeg;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${commandLine} exited ${code}`))));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function writeReport(results: Run[], loadBefore: number[]): Promise<void> {
  const m = (k: keyof Run) => median(results.map((r) => r[k]));
  const audioS = m('audioS');
  const rtf = audioS / (m('totalMs') / 1000);
  const rtfCpu = audioS / (m('totalCpuMs') / 1000);
  const overhead = median(results.map((r) => (r.pipelineMs - r.cliMs) / r.cliMs));
  const overheadCpu = median(results.map((r) => (r.pipelineCpuMs - r.cliCpuMs) / r.cliCpuMs));
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  const cpu = os.cpus();
  const section = `## Speech and audio

\`npx tsx bench/speech.ts ${results.length}\` — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), \
Node ${process.version}, the static ffmpeg of @ffmpeg-installer. Load average when it started: ${loadBefore.map((l) => l.toFixed(2)).join(', ')}\
${loadBefore[0]! > cpu.length / 2 ? ' (other work was running: read the CPU columns, which a busy machine disturbs far less than wall time)' : ''}.

A ${ANNOUNCEMENT.length}-character written announcement (dates, times, numbers, a phone number) → \
${audioS.toFixed(1)} s of speech: text normalizer, eSpeak NG \`vi\` (WASM), audio pipeline \
(probe; silence + loudness analysis; gain probes through the limiter; MP3 encode; R128 + peaks of the result; probe), \
content-addressed store. Medians of ${results.length} runs after one warm-up.

| stage | wall ms |
| --- | ---: |
| normalize text | ${m('normalizeMs').toFixed(1)} |
| synthesize (eSpeak WASM) | ${m('synthMs').toFixed(0)} |
| pipeline (${m('commands')} ffmpeg/ffprobe runs) | ${m('pipelineMs').toFixed(0)} |
| store (hash, rename, row) | ${m('storeMs').toFixed(1)} |
| **total** | **${m('totalMs').toFixed(0)}** (CPU ${m('totalCpuMs').toFixed(0)}) |

- **Real-time factor: ${rtf.toFixed(1)}× wall, ${rtfCpu.toFixed(1)}× per CPU second** (goal ≥ 30×).
- Output: ${m('loudness').toFixed(1)} LUFS integrated, ${m('truePeak').toFixed(1)} dBTP true peak (target −16 LUFS, ≤ −1.5 dBTP).
- **Wrapper overhead: ${pct(overhead)} wall, ${pct(overheadCpu)} CPU** (goal ≤ 5 %): the same ${m('commands')} command lines \
replayed straight from \`child_process.spawn\`, right after each render, against the pipeline through \`src/audio/ffmpeg.ts\` (fluent-ffmpeg).

| run | total ms | total CPU ms | pipeline ms | same commands as CLI, ms | pipeline CPU ms | CLI CPU ms | RTF wall |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${results
  .map((r, i) =>
    [i + 1, r.totalMs, r.totalCpuMs, r.pipelineMs, r.cliMs, r.pipelineCpuMs, r.cliCpuMs]
      .map((v) => v.toFixed(0))
      .concat(`${(r.audioS / (r.totalMs / 1000)).toFixed(1)}×`)
      .join(' | '),
  )
  .map((row) => `| ${row} |`)
  .join('\n')}
`;
  const file = path.resolve(import.meta.dirname, '../docs/benchmarks.md');
  const existing = await fs.readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  // Replace only this section; other benchmarks own theirs.
  const re = /## Speech and audio\n[\s\S]*?(?=\n## |$)/;
  const next = re.test(existing) ? existing.replace(re, section) : `${existing.trimEnd()}\n\n${section}`;
  await fs.writeFile(file, next);
  process.stdout.write(section);
}

await main();
