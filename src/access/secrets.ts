// Receiver secrets and API tokens are long random strings we generate
// ourselves, so a fast SHA-256 is the right hash (a slow password hash would
// make 10k receivers reconnecting cost minutes of CPU). Passwords that
// people choose use Argon2id instead (src/users/service.ts).
import crypto from 'node:crypto';

export function newSecret(bytes = 24): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function verifySecret(secret: string, stored: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(stored);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
