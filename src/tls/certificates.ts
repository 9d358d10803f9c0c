// A commune's own certificate authority, for HTTPS on the LAN: phones give
// the microphone only to a secure context, and a commune has no public name
// for a public CA to certify. `loa tls init` makes the CA once (phones trust
// it once) and a server certificate for the machine's names and LAN
// addresses, issued again whenever it is run (a new address, a new name).
// Keys come from node's crypto, certificates from node-forge: no crypto here.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface TlsFiles {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export const tlsFiles = (dataDir: string): TlsFiles => {
  const dir = path.join(dataDir, 'tls');
  return { dir, caCert: path.join(dir, 'ca.crt'), caKey: path.join(dir, 'ca.key'), serverCert: path.join(dir, 'server.crt'), serverKey: path.join(dir, 'server.key') };
};

/** The CA lasts ten years: phones are set up once. */
const CA_DAYS = 3650;
/** iPhones refuse server certificates valid for longer than 825 days, Chromium longer than 398: run `loa tls init` again within a year. */
const SERVER_DAYS = 397;

/** This machine's names and LAN addresses, as phones and receivers reach it. */
function localNames(): { hosts: string[]; ips: string[] } {
  const host = os.hostname().toLowerCase();
  const hosts = ['localhost', host, ...(host.includes('.') ? [] : [`${host}.local`])];
  const ips = ['127.0.0.1'];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') ips.push(a.address);
  }
  return { hosts, ips };
}

export interface TlsInit {
  files: TlsFiles;
  /** false: an existing CA was kept (phones that trust it still do). */
  newCa: boolean;
  hosts: string[];
  ips: string[];
  notAfter: Date;
}

export async function initTls(dataDir: string, extra: { hosts?: string[]; ips?: string[] } = {}): Promise<TlsInit> {
  const files = tlsFiles(dataDir);
  await fs.mkdir(files.dir, { recursive: true, mode: 0o700 });
  const local = localNames();
  const hosts = unique([...local.hosts, ...(extra.hosts ?? [])].map((h) => h.toLowerCase()));
  const ips = unique([...local.ips, ...(extra.ips ?? [])]);

  let ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  let newCa = false;
  try {
    ca = { cert: forge.pki.certificateFromPem(await fs.readFile(files.caCert, 'utf8')), key: forge.pki.privateKeyFromPem(await fs.readFile(files.caKey, 'utf8')) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${files.caCert} or ${files.caKey} cannot be read (${(err as Error).message}): move them away to make a new CA`);
    ca = makeCa();
    newCa = true;
    await writeKey(files.caKey, forge.pki.privateKeyToPem(ca.key));
    await fs.writeFile(files.caCert, forge.pki.certificateToPem(ca.cert), { mode: 0o644 });
  }

  const { cert, key } = makeServerCert(ca, hosts, ips);
  await writeKey(files.serverKey, forge.pki.privateKeyToPem(key));
  // The chain: the server's certificate, then the CA's, so clients that were given only the CA verify it.
  await fs.writeFile(files.serverCert, forge.pki.certificateToPem(cert) + forge.pki.certificateToPem(ca.cert), { mode: 0o644 });
  return { files, newCa, hosts, ips, notAfter: cert.validity.notAfter };
}

async function writeKey(file: string, pem: string): Promise<void> {
  await fs.writeFile(file, pem, { mode: 0o600 });
  // writeFile's mode applies only to a new file.
  await fs.chmod(file, 0o600);
}

function rsaKeys(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) };
}

function serial(): string {
  // Positive (high bit clear), 128 bits of randomness.
  return '01' + crypto.randomBytes(16).toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  // A day back: a phone whose clock is a little behind still accepts it.
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
}

function makeCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, CA_DAYS);
  const subject = [
    { name: 'commonName', value: `Loa Lang local CA (${os.hostname()})` },
    { name: 'organizationName', value: 'Loa Lang' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function makeServerCert(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }, hosts: string[], ips: string[]) {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, SERVER_DAYS);
  cert.setSubject([{ name: 'commonName', value: hosts.find((h) => h !== 'localhost') ?? hosts[0]! }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...hosts.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

const unique = <T>(xs: T[]) => [...new Set(xs)];
