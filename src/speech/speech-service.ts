// Announcement text → stored broadcast MP3: normalize the text, synthesize,
// run the audio pipeline, store. Renders are cached by what was actually
// spoken and how, so repeating an announcement costs one database read.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { MediaRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AudioPipeline, Jingles } from '../audio/pipeline.js';
import type { MediaStore } from '../audio/media-store.js';
import type { SynthesisOptions, Voice } from './voice.js';

// speech_cache is created by migration 002_audio; its row type lives here
// with the only code that uses it.
interface SpeechCacheTable {
  key: string;
  media_sha256: string;
  voice: string;
  created_at: string;
}

export interface RenderOptions extends SynthesisOptions {
  /** A voice id such as 'espeak:vi'; the service default when omitted. */
  voice?: string;
  /** Chimes before and after the speech; the service default when omitted. */
  jingles?: boolean;
  /** Whole percent 0..100. */
  onProgress?: (pct: number) => void;
  /** Whose lexicon reads the text: a zone's (its commune's additions), or the shared one. */
  zoneId?: string | null;
}

export interface SpeechServiceDeps {
  db: Db;
  store: MediaStore;
  pipeline: AudioPipeline;
  voices: ReadonlyMap<string, Voice>;
  defaultVoice: string;
  /** Text as written → text as it should be read aloud (numbers, dates, abbreviations). */
  normalize?: (text: string, zoneId: string | null) => string;
  /** The chime files; without them `jingles: true` is refused. */
  jingles?: Jingles;
  /** Whether renders get jingles unless they say otherwise. */
  jinglesByDefault?: boolean;
  log: Logger;
}

export class SpeechService {
  private readonly db;
  private readonly normalize: (text: string, zoneId: string | null) => string;
  // Two requests for the same announcement share one render.
  private readonly inFlight = new Map<string, Promise<MediaRow>>();
  // The chimes' bytes are part of the cache key: replacing a file re-renders.
  private readonly jingleKey: string;

  constructor(private readonly deps: SpeechServiceDeps) {
    if (!deps.voices.has(deps.defaultVoice)) {
      throw new Error(`default voice ${deps.defaultVoice} is not one of: ${[...deps.voices.keys()].join(', ')}`);
    }
    this.db = deps.db.withTables<{ speech_cache: SpeechCacheTable }>();
    this.normalize = deps.normalize ?? ((t) => t);
    const { intro, outro } = deps.jingles ?? {};
    this.jingleKey = sha256(JSON.stringify([intro && sha256(fs.readFileSync(intro)), outro && sha256(fs.readFileSync(outro))]));
  }

  voiceIds(): string[] {
    return [...this.deps.voices.keys()];
  }

  async render(text: string, opts: RenderOptions = {}): Promise<MediaRow> {
    const progress = opts.onProgress ?? (() => {});
    const voiceId = opts.voice ?? this.deps.defaultVoice;
    const voice = this.deps.voices.get(voiceId);
    if (!voice) throw new AppError(`Không có giọng đọc "${voiceId}" (unknown voice; available: ${this.voiceIds().join(', ')})`, 400, 'unknown_voice');
    const spoken = this.normalize(text, opts.zoneId ?? null).trim();
    if (!spoken) throw new AppError('Nội dung thông báo trống (the text is empty)', 400, 'empty_text');
    const synthesis: SynthesisOptions = { rate: opts.rate, pitch: opts.pitch };
    const withJingles = opts.jingles ?? this.deps.jinglesByDefault ?? false;
    if (withJingles && !this.deps.jingles) throw new AppError('Máy chủ chưa cài nhạc hiệu (no jingles configured)', 400, 'no_jingles');
    const jingles = withJingles ? this.deps.jingles : undefined;
    const key = sha256(JSON.stringify([spoken, voice.id, synthesis, this.deps.pipeline.settingsKey, jingles ? this.jingleKey : null]));

    const cached = await this.cached(key);
    if (cached) {
      progress(100);
      return cached;
    }
    let job = this.inFlight.get(key);
    if (!job) {
      job = this.renderUncached(key, spoken, voice, synthesis, jingles, progress).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, job);
    }
    return job;
  }

  private async cached(key: string): Promise<MediaRow | undefined> {
    const hit = await this.db.selectFrom('speech_cache').select('media_sha256').where('key', '=', key).executeTakeFirst();
    if (!hit) return undefined;
    const row = await this.deps.store.get(hit.media_sha256);
    // A media file deleted by hand means render again, not a broken URL.
    return row && fs.existsSync(this.deps.store.filePath(row.sha256)) ? row : undefined;
  }

  private async renderUncached(
    key: string,
    spoken: string,
    voice: Voice,
    synthesis: SynthesisOptions,
    jingles: Jingles | undefined,
    progress: (pct: number) => void,
  ): Promise<MediaRow> {
    const started = Date.now();
    progress(1);
    const { audio, container } = await voice.synthesize(spoken, synthesis);
    progress(30);
    await fsp.mkdir(this.deps.pipeline.workDir, { recursive: true });
    const raw = path.join(this.deps.pipeline.workDir, `${crypto.randomUUID()}.${container}`);
    await fsp.writeFile(raw, audio);
    try {
      const out = await this.deps.pipeline.process(raw, { jingles, onProgress: (f) => progress(30 + Math.floor(f * 65)) });
      const row = await this.deps.store.put(out.path, {
        source: 'tts',
        durationMs: out.durationMs,
        loudness: out.loudness,
        peaks: out.peaks,
      });
      await this.db
        .insertInto('speech_cache')
        .values({ key, media_sha256: row.sha256, voice: voice.id, created_at: nowIso() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ media_sha256: row.sha256, created_at: nowIso() }))
        .execute();
      this.deps.log.info('rendered speech', { voice: voice.id, chars: spoken.length, durationMs: out.durationMs, tookMs: Date.now() - started, sha256: row.sha256 });
      progress(100);
      return row;
    } finally {
      await fsp.rm(raw, { force: true });
    }
  }
}

function sha256(s: string | Buffer): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}
