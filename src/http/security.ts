// Security headers for every answer. The panel loads nothing from elsewhere
// (no CDN), so the policy allows only this origin; the one inline script is
// the import map in index.html, allowed by its hash. Audio plays from /media
// and, for a recording being listened back, from blob: URLs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** sha256 sources for the inline <script> blocks of the panel's shell. */
export function inlineScriptHashes(shellHtml: string): string[] {
  const hashes: string[] = [];
  for (const m of shellHtml.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${crypto.createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function securityHeaders(shellFile: string): RequestHandler {
  const scripts = inlineScriptHashes(fs.readFileSync(shellFile, 'utf8'));
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scripts],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: a commune LAN often serves plain http.
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HTTPS, and so HSTS, is the reverse proxy's business (docs/deployment.md).
    strictTransportSecurity: false,
  });
}
