// A server instance as its own process (`loa serve`) for the multi-instance
// tests. A port found free may be taken again before the server binds it
// (another test file, an outgoing connection's ephemeral port): an instance
// that exits saying so is started again on another port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../helpers/ports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Instance {
  base: string;
  port: number;
  child: ChildProcess;
}

export async function startInstance(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Instance> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/loa.js'), 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    child.stderr!.on('data', (c: Buffer) => (said = (said + c.toString()).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      const ok = await fetch(base + '/healthz', { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
      if (ok) return { base, port, child };
      await new Promise((r) => setTimeout(r, 200));
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      throw new Error(`instance on port ${port} not up after ${timeoutMs} ms: ${said}`);
    }
    if (attempt >= 3 || !/PORT|EADDRINUSE|in use/i.test(said)) throw new Error(`instance on port ${port} exited (${child.exitCode ?? child.signalCode}): ${said}`);
  }
}
