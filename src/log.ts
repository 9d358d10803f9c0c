// A tiny leveled logger: one line per event, JSON details when given.
// Repeated warnings are rate-limited: a flood (one receiver sending garbage
// many times a second) would otherwise fill the disk; /metrics counts them all.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, details?: object): void;
  info(msg: string, details?: object): void;
  warn(msg: string, details?: object): void;
  error(msg: string, details?: object): void;
  child(scope: string): Logger;
}

/** Lines written per warning (scope and message, not details) in each window; the rest are counted. */
export const WARN_BURST = 5;
export const WARN_WINDOW_MS = 60_000;
/** Distinct warnings tracked; beyond it they share one entry (a message with ids in it must not grow the map). */
const MAX_TRACKED = 500;

interface WarningCount {
  scope: string;
  message: string;
  /** Every occurrence, written or not. */
  total: number;
  suppressed: number;
  windowStart: number;
  inWindow: number;
  /** Suppressed in the current window, reported with the next line written. */
  pending: number;
}

const warnings = new Map<string, WarningCount>();

/** Every warning so far in this process, written or suppressed (for /metrics). */
export function warningCounts(): { scope: string; message: string; total: number; suppressed: number }[] {
  return [...warnings.values()].map(({ scope, message, total, suppressed }) => ({ scope, message, total, suppressed }));
}

/** Whether this warning may be written now; `note` tells how many like it were held back. */
function admitWarning(scope: string, message: string, now = Date.now()): { write: boolean; note?: string } {
  let key = `${scope}\u0000${message}`;
  if (!warnings.has(key) && warnings.size >= MAX_TRACKED) key = '\u0000other';
  let w = warnings.get(key);
  if (!w) {
    w = { scope: key === '\u0000other' ? 'other' : scope, message: key === '\u0000other' ? 'other' : message, total: 0, suppressed: 0, windowStart: now, inWindow: 0, pending: 0 };
    warnings.set(key, w);
  }
  w.total++;
  if (now - w.windowStart >= WARN_WINDOW_MS) {
    w.windowStart = now;
    w.inWindow = 0;
  }
  if (w.inWindow >= WARN_BURST) {
    w.suppressed++;
    w.pending++;
    return { write: false };
  }
  w.inWindow++;
  const note = w.pending ? `(${w.pending} more like it not written; see loa_log_warnings_suppressed_total)` : undefined;
  w.pending = 0;
  return { write: true, note };
}

export function createLogger(level: LogLevel = 'info', scope = 'loa'): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, msg: string, details?: object) => {
    let note: string | undefined;
    if (at === 'warn') {
      const admitted = admitWarning(scope, msg);
      if (!admitted.write) return;
      note = admitted.note;
    }
    if (order[at] < order[level]) return;
    const line = `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${scope}] ${msg}${details ? ' ' + JSON.stringify(details) : ''}${note ? ' ' + note : ''}`;
    (at === 'error' || at === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (s) => createLogger(level, `${scope}:${s}`),
  };
}

export const silentLogger: Logger = createLogger('silent');
