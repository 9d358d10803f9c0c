// Serves the control panel: its pages (each checked against the caller's
// role before anything is sent) and Preact + htm straight from node_modules,
// so the panel works on a commune LAN with no internet and no build step.
import path from 'node:path';
import { createRequire } from 'node:module';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { roleMay } from '../access/roles.js';
import { homeOf, PAGES } from './pages.js';
import { sendFile } from '../http/compress.js';

const require = createRequire(import.meta.url);
const VENDOR: Record<string, string> = {
  'preact.mjs': require.resolve('preact'),
  'hooks.mjs': require.resolve('preact/hooks'),
  'htm.mjs': path.join(path.dirname(require.resolve('htm')), 'htm.mjs'),
};

const DAY_S = 24 * 3600;

export function panelRoutes(webDir: string): Router {
  const shell = path.join(webDir, 'index.html');
  const sendShell = (req: Request, res: Response, next: NextFunction) => {
    // Never cached: the shell is what a page load goes through after sign-out.
    sendFile(req, res, shell, { cacheControl: 'no-store' }).then((sent) => sent || next(), next);
  };
  const r = Router();

  r.get('/vendor/:file', (req, res, next) => {
    // Own keys only: "/vendor/constructor" is no file.
    const file = Object.hasOwn(VENDOR, req.params.file) ? VENDOR[req.params.file] : undefined;
    if (!file) return next();
    sendFile(req, res, file, { maxAgeS: DAY_S, type: 'text/javascript; charset=utf-8' }).then((sent) => sent || next(), next);
  });

  // Signed-in people go to their own start page; strangers get the sign-in form.
  r.get(['/', '/index.html'], (req, res, next) => {
    if (req.panelSession) res.redirect(302, homeOf(req.panelSession.principal.role));
    else sendShell(req, res, next);
  });

  for (const page of PAGES) {
    r.get([page.path, `${page.path}/*rest`], (req: Request, res: Response, next: NextFunction) => {
      const p = req.panelSession?.principal;
      if (!p) {
        res.redirect(302, `/?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      if (!roleMay(p.role, page.permission)) {
        res.status(403).type('html').set('Cache-Control', 'no-store').send(forbiddenPage(homeOf(p.role)));
        return;
      }
      sendShell(req, res, next);
    });
  }
  return r;
}

function forbiddenPage(home: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không có quyền truy cập — Loa Làng</title><link rel="stylesheet" href="/app.css"></head>
<body><main class="narrow"><h1>Không có quyền truy cập</h1>
<p>Trang này dành cho vai trò khác. <span lang="en">(This page belongs to another role: 403 Forbidden.)</span></p>
<p><a class="button" href="${home}">Về trang của tôi</a></p></main></body></html>`;
}
