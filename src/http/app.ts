// The Express application: JSON API under /api/v1, media, health, the panel.
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { AppError } from '../errors.js';
import { authenticate } from './auth.js';
import { openApiDocument } from './openapi.js';
import { securityHeaders } from './security.js';
import { ERROR_EN, localizeErrors } from './messages.js';
import { compressedStatic } from './compress.js';
import type { TokenService } from '../access/tokens.js';
import type { SessionService } from '../users/sessions.js';
import type { Logger } from '../log.js';
import { projectRoot } from '../paths.js';
import { inRequestScope } from '../db/request-scope.js';

export interface HttpParts {
  tokens: TokenService;
  sessions: SessionService;
  /** Feature routers mounted under /api/v1. */
  api: Router[];
  /** Routers mounted at the root (media files, panel pages). */
  root: Router[];
  health: () => Promise<Record<string, boolean>>;
  webDir: string;
  log: Logger;
  /** TRUST_PROXY: whose X-Forwarded-For sets req.ip (the sign-in limit's key); false: nobody's. */
  trustProxy: false | number | string[];
}

export function createHttpApp(parts: HttpParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parts.trustProxy);
  app.use(securityHeaders(path.join(parts.webDir, 'index.html')));
  // Error answers in the caller's language (Accept-Language), whoever sends them.
  app.use(localizeErrors);

  app.get('/healthz', async (_req, res) => {
    const checks = await parts.health();
    const down = Object.entries(checks).filter(([, ok]) => !ok).map(([name]) => name);
    if (down.length) res.status(503).json({ status: 'down', down });
    else res.json({ status: 'ok' });
  });

  // 2 MB of JSON holds the longest announcement text the API accepts. Bytes
  // that are not UTF-8 are refused, not stored as U+FFFD.
  app.use(
    express.json({
      limit: '2mb',
      verify: (_req, _res, buf) => {
        if (!isUtf8(buf)) throw new AppError('Dữ liệu gửi lên không phải UTF-8 hợp lệ (request body is not valid UTF-8)', 400, 'invalid_utf8');
      },
    }),
  );
  // After the body is read: its stream's callbacks would run outside the scope.
  app.use((_req, _res, next) => inRequestScope(next));
  app.use(refuseNul);
  app.use(authenticate({ tokens: parts.tokens, sessions: parts.sessions }));
  for (const r of parts.root) app.use(r);
  const api = express.Router();
  for (const r of parts.api) api.use(r);
  // Built on first request: every router is registered by then.
  let description: object | null = null;
  api.get('/openapi.json', (_req, res) => {
    description ??= openApiDocument(parts.api, parts.root, { title: 'Loa Làng API', version: '1' });
    res.json(description);
  });
  api.use((req, res) => {
    res.status(404).json({ error: `no such API route: ${req.method} ${req.originalUrl}`, code: 'no_route' });
  });
  app.use('/api/v1', api);
  // The panel's files, brotli or gzip when the browser takes them; express.static for the rest (a directory's redirect).
  app.use(compressedStatic(parts.webDir, { maxAgeS: 300, index: 'index.html' }));
  app.use(express.static(parts.webDir, { index: 'index.html', maxAge: '5m' }));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof AppError) {
      if (err.en) res.locals[ERROR_EN] = err.en;
      res.status(err.status).json({ error: err.message, code: err.code ?? CODE_BY_STATUS[err.status] ?? 'error', ...err.detail });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'request body is not valid JSON', code: 'invalid_json' });
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body is too large', code: 'too_large' });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // The body reader's own refusals (a charset or compression it does not
      // take, a compressed body that does not decompress) came in English
      // alone, without a code: Vietnamese first now, the reader's words after.
      const known = e.type ? BODY_ERRORS[e.type] : undefined;
      const vi = known?.vi ?? (isZlibError(err) ? 'Dữ liệu nén gửi lên bị hỏng, không giải nén được' : 'Yêu cầu không hợp lệ');
      const code = known?.code ?? (isZlibError(err) ? 'bad_encoding' : 'bad_request');
      res.status(e.status).json({ error: `${vi} (${e.message || 'bad request'})`, code });
      return;
    }
    parts.log.error('request failed', { method: req.method, url: req.originalUrl, error: e.message, stack: (err as Error).stack });
    res.status(500).json({ error: 'internal error', code: 'internal' });
  };
  app.use(onError);
  return app;
}

/** Every error answer carries a code a client can branch on; an AppError raised without one takes its status's. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'unprocessable',
  429: 'too_many_requests',
  503: 'unavailable',
};

export const defaultWebDir = path.join(projectRoot, 'web');

/** body-parser's error types, in Vietnamese for the person who sent the request. */
const BODY_ERRORS: Record<string, { vi: string; code: string }> = {
  'charset.unsupported': { vi: 'Dữ liệu gửi lên phải là JSON mã UTF-8', code: 'unsupported_charset' },
  'encoding.unsupported': { vi: 'Máy chủ không nhận dữ liệu nén kiểu này: hãy gửi không nén, hoặc nén gzip, deflate, br', code: 'unsupported_encoding' },
  'request.size.invalid': { vi: 'Dữ liệu gửi lên không đủ độ dài đã khai báo', code: 'bad_request' },
  'request.aborted': { vi: 'Yêu cầu bị ngắt giữa chừng', code: 'bad_request' },
};

/** A request body that said it was compressed and is not (zlib's and brotli's error codes). */
function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR__ERROR)/.test(code);
}

const NUL_ERROR = 'Dữ liệu gửi lên có ký tự NUL (U+0000), không được phép (the request contains a NUL character, U+0000)';
const SURROGATE_ERROR = 'Dữ liệu gửi lên có ký tự Unicode hỏng (nửa cặp thay thế), không được phép (the request contains an unpaired surrogate, e.g. \\ud800)';
/** Half of a UTF-16 surrogate pair on its own: no character at all. */
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string, key or value, of a parsed JSON value that `bad` says no to. */
function holds(v: unknown, bad: (s: string) => boolean, depth = 0): boolean {
  if (typeof v === 'string') return bad(v);
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  for (const [k, x] of Object.entries(v)) if (bad(k) || holds(x, bad, depth + 1)) return true;
  return false;
}

/**
 * Text no column can keep as sent. U+0000: PostgreSQL refuses it in every
 * text column (each such request was a 500, sign-in included) and SQLite kept
 * it. An unpaired surrogate ("\ud800" in JSON): it is no character, and was
 * stored as U+FFFD, changed without a word. No field of the API has a use for
 * either: refused with 400, in the path, the query or a JSON body.
 */
const refuseNul: express.RequestHandler = (req, _res, next) => {
  if (/%00/i.test(req.originalUrl) || holds(req.body, (s) => s.includes('\0'))) return next(new AppError(NUL_ERROR, 400, 'nul_character'));
  if (holds(req.body, (s) => UNPAIRED.test(s))) return next(new AppError(SURROGATE_ERROR, 400, 'unpaired_surrogate'));
  next();
};
