// What the TLS tests share: `loa tls init` run as an operator runs it, and
// HTTPS requests that trust only the commune's CA (fetch cannot be given one).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The host name the tests reach the server by: not localhost, mapped to 127.0.0.1. */
export const HOST = 'loa-xa.test';

export interface TlsEnv {
  dataDir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  stdout: string;
}

export async function loaTlsInit(dataDir: string, extra: string[] = ['--host', HOST]): Promise<TlsEnv> {
  const { stdout } = await run(process.execPath, ['bin/loa.js', 'tls', 'init', ...extra], { env: { ...process.env, DATA_DIR: dataDir } });
  const dir = path.join(dataDir, 'tls');
  return { dataDir, caCert: path.join(dir, 'ca.crt'), serverCert: path.join(dir, 'server.crt'), serverKey: path.join(dir, 'server.key'), stdout };
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request to https://HOST:port (resolved to 127.0.0.1), trusting `ca` only. */
export async function httpsRequest(port: number, p: string, opts: { ca?: string | Buffer; method?: string; body?: unknown; token?: string } = {}): Promise<HttpsAnswer> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: HOST,
        port,
        path: p,
        method: opts.method ?? 'GET',
        ca: opts.ca,
        servername: HOST,
        lookup: (_host, o, cb) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }] as never, 4) : cb(null, '127.0.0.1', 4)),
        headers: { ...(body && { 'content-type': 'application/json' }), ...(opts.token && { authorization: `Bearer ${opts.token}` }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const readPem = (file: string) => fs.readFile(file, 'utf8');
