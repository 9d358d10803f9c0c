// Audio output for the receiver agent. Boards play through an external
// program (ffplay or mpg123 over ALSA); the fleet simulator uses `none`,
// which only waits for the media duration.
import { spawn } from 'node:child_process';

export interface PlayRequest {
  file: string;
  durationMs: number;
  /** 0..100 */
  volume: number;
}

export interface Playback {
  /** Resolves when the audio ends or is stopped; rejects if the player fails. */
  readonly done: Promise<void>;
  stop(): void;
}

/** A live stream being played: bytes are written as they arrive (or at their instant, in step). */
export interface StreamPlayback extends Playback {
  write(chunk: Buffer): void;
}

export interface Player {
  play(request: PlayRequest): Playback;
  /** Plays MP3 written to it as it comes (live broadcasts); players without it cannot take live commands. */
  stream?(request: { volume: number }): StreamPlayback;
}

/**
 * `'none'` | `'ffplay'` | `'mpg123'` | a command line, where `{file}` and
 * `{volume}` (0..100) are substituted and the file is appended when `{file}`
 * is absent, e.g. `"aplay -q {file}"`. Or a Player object.
 */
export type PlayerSpec = string | Player;

export interface PlayerOptions {
  /** `none` only: divide durations by this, so tests and demos need not wait out real broadcasts. */
  playbackSpeed?: number;
}

export function createPlayer(spec: PlayerSpec, options: PlayerOptions = {}): Player {
  if (typeof spec !== 'string') return spec;
  switch (spec) {
    case 'none':
      return new SilentPlayer(options.playbackSpeed ?? 1);
    case 'ffplay':
      return new CommandPlayer(['ffplay', '-nodisp', '-autoexit', '-loglevel', 'error', '-volume', '{volume}', '{file}'], [
        // Live: decode and play what arrives on stdin without buffering ahead.
        ...['ffplay', '-nodisp', '-autoexit', '-loglevel', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay'],
        ...['-probesize', '32', '-analyzeduration', '0', '-volume', '{volume}', '-i', '{file}'],
      ]);
    case 'mpg123':
      // mpg123 scales output by -f/32768; it has no percentage flag.
      return new CommandPlayer(['mpg123', '-q', '-f', '{mpg123scale}', '{file}']);
    default: {
      const argv = spec.trim().split(/\s+/).filter(Boolean);
      if (argv.length === 0) throw new Error('player command is empty');
      return new CommandPlayer(argv.some((a) => a.includes('{file}')) ? argv : [...argv, '{file}']);
    }
  }
}

class SilentPlayer implements Player {
  constructor(private readonly speed: number) {
    if (!(speed > 0)) throw new Error('playbackSpeed must be > 0');
  }

  stream(): StreamPlayback {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    return { done, write() {}, stop: () => finish() };
  }

  play({ durationMs }: PlayRequest): Playback {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(finish, durationMs / this.speed);
    return {
      done,
      stop: () => {
        clearTimeout(timer);
        finish();
      },
    };
  }
}

class CommandPlayer implements Player {
  /** `streamTemplate`: the command for live streams, reading MP3 on stdin (`{file}` = `-`); default the file template. */
  constructor(
    private readonly template: string[],
    private readonly streamTemplate = template,
  ) {}

  play({ file, volume }: PlayRequest): Playback {
    return this.spawn(this.template, file, volume);
  }

  stream({ volume }: { volume: number }): StreamPlayback {
    return this.spawn(this.streamTemplate, '-', volume);
  }

  private spawn(template: string[], file: string, volume: number): StreamPlayback {
    const vars: Record<string, string> = {
      file,
      volume: String(volume),
      mpg123scale: String(Math.round((32768 * volume) / 100)),
    };
    const [cmd, ...args] = template.map((a) => a.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m));
    // No shell: the file path and the command come from different trust levels.
    const live = file === '-';
    const child = spawn(cmd, args, { stdio: [live ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    // A player that died is reported through `done`, not as an EPIPE crash.
    child.stdin?.on('error', () => {});
    let stopped = false;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-500);
    });
    const done = new Promise<void>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`player ${cmd}: ${err.message}`)));
      child.once('exit', (code, signal) => {
        if (stopped || code === 0) resolve();
        else reject(new Error(`player ${cmd} exited with ${code ?? signal}: ${stderr.trim()}`));
      });
    });
    return {
      done,
      write: (chunk) => {
        child.stdin?.write(chunk);
      },
      stop: () => {
        stopped = true;
        child.kill('SIGTERM');
      },
    };
  }
}
