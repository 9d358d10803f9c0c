// Media serving against nginx in the same run: 1000 simultaneous downloads
// of one announcement MP3 (what a zone command sets off), from the compiled
// server and from nginx serving a copy of the same file with sendfile,
// alternating, three rounds each. Writes the "Media serving" section of
// docs/benchmarks.md.
//
//   npx tsx bench/media-serving.ts [--quick]   (installs nginx with apt-get when missing)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloads, startNginx, type DownloadResult } from './media.js';
import { percentile, startServerProcess, until, writeSection } from './harness.js';

const QUICK = process.argv.includes('--quick');
const CONCURRENT = QUICK ? 200 : 1000;
const ROUNDS = QUICK ? 1 : 3;
const TEXT =
  'UBND xã Bình Minh thông báo: từ 7h30 đến 11h00 ngày 15/6, Trạm Y tế xã tổ chức tiêm vắc-xin sởi - rubella cho trẻ từ 1 đến 5 tuổi. ' +
  'Đề nghị các gia đình có con em trong độ tuổi đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng và giấy khai sinh. ' +
  'Trẻ đang sốt hoặc đang ốm cần báo cho cán bộ y tế trước khi tiêm. Thôn Đông và thôn Tây tiêm buổi sáng; xóm Bắc tiêm buổi chiều. ' +
  'Mọi thắc mắc xin liên hệ đồng chí Nguyễn Văn An, trưởng trạm, số điện thoại 0912 345 678. Xin trân trọng thông báo.';

async function main(): Promise<void> {
  const started = new Date();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-media-'));
  const server = await startServerProcess({ DATA_DIR: dataDir });
  const file = path.join(dataDir, 'copy.mp3');
  const results: { loa: DownloadResult[]; nginx: DownloadResult[] } = { loa: [], nginx: [] };
  let version = '';
  let bytes = 0;
  try {
    const { statusUrl } = await server.api('POST', '/api/v1/speech/render', { text: TEXT });
    const job = await until(async () => {
      const j = await server.api('GET', statusUrl);
      return j.state === 'done' ? j : null;
    }, 300_000, 'the render');
    const url = server.baseUrl + job.mediaUrl;
    fs.writeFileSync(file, Buffer.from(await (await fetch(url)).arrayBuffer()));
    bytes = fs.statSync(file).size;
    const nginx = await startNginx(file);
    version = nginx.version;
    try {
      for (let r = 0; r < ROUNDS; r++) {
        results.loa.push(await downloads('Loa Làng', url, bytes, CONCURRENT));
        results.nginx.push(await downloads('nginx', nginx.url, bytes, CONCURRENT));
        console.log(`round ${r + 1}: Loa Làng ${results.loa.at(-1)!.mbPerS} MB/s, nginx ${results.nginx.at(-1)!.mbPerS} MB/s`);
      }
    } finally {
      await nginx.stop();
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  const row = (name: string, rs: DownloadResult[]) =>
    `| ${name} | ${rs.map((x) => x.mbPerS).join(' / ')} | ${median(rs.map((x) => x.mbPerS))} | ${median(rs.map((x) => x.wallMs))} | ${median(rs.map((x) => x.p50Ms))} | ${median(rs.map((x) => x.p99Ms))} | ${rs.reduce((n, x) => n + Object.values(x.failed).reduce((a, b) => a + b, 0), 0)} |`;
  const ratio = median(results.loa.map((x) => x.mbPerS)) / median(results.nginx.map((x) => x.mbPerS));
  const body = `
\`npx tsx bench/media-serving.ts\` — ${started.toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, nginx ${version}. Load average when it started: ${load} (other work shared the machine: compare the two rows of one run, not runs).

${CONCURRENT} simultaneous GETs of the same ${Math.round(bytes / 1024)} KB announcement MP3 (new connection each, client in the same machine), ${ROUNDS} rounds alternating between the compiled server and nginx (2 workers, sendfile) serving a copy of the file:

| server | MB/s per round | MB/s median | wall ms | p50 ms | p99 ms | failed |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${row('Loa Làng (compiled, Node)', results.loa)}
${row(`nginx ${version}`, results.nginx)}

Loa Làng reaches **${ratio.toFixed(2)}×** nginx's throughput (goal ≥ 0.5×; the Scale section's run, before announcement-sized files were answered from memory, measured 0.23×). Files up to 8 MB are kept in memory (64 MB in all, least recently used dropped), so a zone command's downloads cost no stat, open or stream per request; Range requests and bigger files go through \`send\` as before.
`;
  if (QUICK) console.log(body);
  else console.log(`wrote ${writeSection('Media serving', body)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
