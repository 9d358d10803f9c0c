// A tiny leveled logger: one line per event, JSON details when given.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, details?: object): void;
  info(msg: string, details?: object): void;
  warn(msg: string, details?: object): void;
  error(msg: string, details?: object): void;
  child(scope: string): Logger;
}

export function createLogger(level: LogLevel = 'info', scope = 'loa'): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, msg: string, details?: object) => {
    if (order[at] < order[level]) return;
    const line = `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${scope}] ${msg}${details ? ' ' + JSON.stringify(details) : ''}`;
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
