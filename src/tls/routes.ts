// The commune's CA certificate for phones to install (Android: as a CA
// certificate; iPhone: as a profile). Public: a certificate is no secret, and
// a phone fetches it before anyone signs in. Only the certificate: its key
// never leaves DATA_DIR/tls.
import fs from 'node:fs/promises';
import { Router } from 'express';

export function caRoute(caCertFile: string): Router {
  const r = Router();
  r.get('/ca.crt', async (_req, res) => {
    const pem = await fs.readFile(caCertFile, 'utf8').catch(() => null);
    const cert = pem?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/)?.[0];
    if (!cert) {
      res.status(404).json({ error: 'chưa có chứng chỉ CA của xã: chạy `npx loa tls init` (no local CA yet: run `npx loa tls init`)' });
      return;
    }
    // This type makes Android and iPhone offer to install it rather than show text.
    res.type('application/x-x509-ca-cert').attachment('loa-lang-ca.crt').send(Buffer.from(cert));
  });
  return r;
}
