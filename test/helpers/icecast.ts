// A private Icecast (Debian's icecast2) on a free port with a generated
// config in a temp dir: burst-on-connect off (live latency), a source
// password of our own. icecast2 refuses to run as root unless the config
// names a user to change to (<security><changeowner>).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export const ICECAST_BIN = process.env.ICECAST_BIN || '/usr/bin/icecast2';

export function icecastAvailable(): boolean {
  if (fs.existsSync(ICECAST_BIN)) return true;
  console.warn(`  ⚠ ${ICECAST_BIN} not found: the Icecast live tests are SKIPPED (apt-get install icecast2)`);
  return false;
}

export interface TestIcecast {
  port: number;
  pid: number;
  sourcePassword: string;
  /** ICECAST_URL for the server: http://source:<password>@127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** The user root changes to: Debian's icecast2 account if the package made it, else nobody. */
function changeOwner(): string {
  if (process.getuid?.() !== 0) return '';
  const passwd = fs.readFileSync('/etc/passwd', 'utf8');
  const [user, group] = /^icecast2:/m.test(passwd) ? ['icecast2', 'icecast'] : ['nobody', 'nogroup'];
  return `<changeowner><user>${user}</user><group>${group}</group></changeowner>`;
}

/**
 * Another process can take the free port before icecast2 binds it; icecast2
 * then exits while that process answers on the port. Such a start is
 * detected (the status page is not Icecast's, or icecast2 exits) and made
 * again on another port.
 */
export async function startIcecast(): Promise<TestIcecast> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startIcecastOnce();
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTaken)) throw err;
    }
  }
}

class PortTaken extends Error {}

/** Icecast's own status page, not whatever else answers on the port. */
async function icecastAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/status-json.xsl`, { signal: AbortSignal.timeout(2000) });
    return res.ok && 'icestats' in ((await res.json()) as object);
  } catch {
    return false;
  }
}

async function startIcecastOnce(): Promise<TestIcecast> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'loa-icecast-'));
  await fsp.chmod(dir, 0o777);
  const port = await freePort();
  const sourcePassword = crypto.randomBytes(12).toString('hex');
  const share = fs.existsSync('/usr/share/icecast2') ? '/usr/share/icecast2' : '/usr/share/icecast';
  const config = `<icecast>
  <location>test</location><admin>test@localhost</admin>
  <limits><clients>3000</clients><sources>20</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>0</burst-on-connect><burst-size>0</burst-size></limits>
  <authentication><source-password>${sourcePassword}</source-password><relay-password>${sourcePassword}</relay-password>
    <admin-user>admin</admin-user><admin-password>${sourcePassword}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>${port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>1</fileserve>
  <paths><basedir>${share}</basedir><logdir>${dir}</logdir><webroot>${share}/web</webroot><adminroot>${share}/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>${changeOwner()}</security>
</icecast>`;
  const file = path.join(dir, 'icecast.xml');
  await fsp.writeFile(file, config);
  await fsp.chmod(file, 0o644);
  const child = spawn(ICECAST_BIN, ['-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await fsp.readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
      const message = `icecast2 exited with ${child.exitCode}: ${stderr}${log}`;
      throw /listener socket|listening sockets/i.test(message) ? new PortTaken(message) : new Error(message);
    }
    if (await icecastAnswers(port)) {
      // Still running a moment later: it holds the port, not another process.
      await new Promise((r) => setTimeout(r, 200));
      if (child.exitCode === null) break;
      continue;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`icecast2 did not answer on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    pid: child.pid!,
    sourcePassword,
    url: `http://source:${sourcePassword}@127.0.0.1:${port}`,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
