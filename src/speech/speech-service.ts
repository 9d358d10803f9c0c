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
import type { InFlight } from '../audio/in-flight.js';
import type { MediaStore } from '../audio/media-store.js';
import type { SynthesisOptions, Voice } from './voice.js';
import type { VoiceProfile } from './voices/cloud.js';
import type { VoiceUsage } from './usage.js';

// speech_cache is created by migration 002_audio; its row type lives here
// with the only code that uses it.
interface SpeechCacheTable {
  key: string;
  media_sha256: string;
  voice: string;
  created_at: string;
}

export interface RenderOptions extends SynthesisOptions {
  /**
   * A voice id such as 'espeak:vi', or a chain tried in order
   * ('fpt:banmai,viettel:hn-quynhanh'); the service default when omitted.
   */
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
  /** A voice id or a chain of them, comma-separated (LOA_VOICE). */
  defaultVoice: string;
  /** Region and gender of the voices, for the officer's choice; eSpeak's are built in. */
  profiles?: readonly VoiceProfile[];
  /** Characters per cloud vendor per month, and their limits. */
  usage?: VoiceUsage;
  /** The commune's own voice setting (settings), tried before LOA_VOICE when a render names none. */
  communeVoice?: (zoneId?: string) => Promise<string | undefined>;
  /** Text as written → text as it should be read aloud (numbers, dates, abbreviations), with the lexicon of the zone it is heard in. */
  normalize?: (text: string, zoneId?: string) => string | Promise<string>;
  /** The chime files; without them `jingles: true` is refused. */
  jingles?: Jingles;
  /** Whether renders get jingles unless they say otherwise. */
  jinglesByDefault?: boolean;
  /** Renders the server's stop waits for; once it began, a render is refused (503). */
  renders?: InFlight;
  log: Logger;
}

/** A render and the voice that spoke it. */
export type RenderedSpeech = MediaRow & { voice: string };

/** eSpeak ends every chain: offline, it speaks whatever the cloud does. */
const OFFLINE_BY_REGION: Record<VoiceProfile['region'], string> = { north: 'espeak:vi', central: 'espeak:vi-vn-x-central', south: 'espeak:vi-vn-x-south' };
const ESPEAK_PROFILES: VoiceProfile[] = [
  { id: 'espeak:vi', vendor: 'espeak', label: 'eSpeak (ngoại tuyến)', region: 'north', gender: 'male' },
  { id: 'espeak:vi-vn-x-central', vendor: 'espeak', label: 'eSpeak miền Trung (ngoại tuyến)', region: 'central', gender: 'male' },
  { id: 'espeak:vi-vn-x-south', vendor: 'espeak', label: 'eSpeak miền Nam (ngoại tuyến)', region: 'south', gender: 'male' },
];

/** 'fpt:banmai, viettel:hn-quynhanh' → ['fpt:banmai', 'viettel:hn-quynhanh']. */
export function parseVoiceChain(setting: string): string[] {
  return [...new Set(setting.split(',').map((v) => v.trim()).filter(Boolean))];
}

const vendorOf = (voiceId: string) => voiceId.slice(0, voiceId.indexOf(':'));

export class SpeechService {
  private readonly db;
  private readonly normalize: (text: string, zoneId?: string) => string | Promise<string>;
  // Two requests for the same announcement share one render.
  private readonly inFlight = new Map<string, Promise<RenderedSpeech>>();
  // The chimes' bytes are part of the cache key: replacing a file re-renders.
  private readonly jingleKey: string;

  constructor(private readonly deps: SpeechServiceDeps) {
    for (const id of parseVoiceChain(deps.defaultVoice)) {
      if (!deps.voices.has(id)) {
        throw new Error(`voice ${id} in LOA_VOICE is not offered (a cloud voice needs its key: FPT_AI_API_KEY, VIETTEL_AI_TOKEN, ZALO_AI_API_KEY, GOOGLE_APPLICATION_CREDENTIALS); offered: ${[...deps.voices.keys()].join(', ')}`);
      }
    }
    this.db = deps.db.withTables<{ speech_cache: SpeechCacheTable }>();
    this.normalize = deps.normalize ?? ((t) => t);
    const { intro, outro } = deps.jingles ?? {};
    this.jingleKey = sha256(JSON.stringify([intro && sha256(fs.readFileSync(intro)), outro && sha256(fs.readFileSync(outro))]));
  }

  voiceIds(): string[] {
    return [...this.deps.voices.keys()];
  }

  /** The voices on offer with region and gender, and the default chain. */
  catalog(): { defaultVoice: string; voices: VoiceProfile[] } {
    const profiles = [...ESPEAK_PROFILES, ...(this.deps.profiles ?? [])];
    const voices = this.voiceIds().map((id) => profiles.find((p) => p.id === id) ?? { id, vendor: vendorOf(id), label: id.slice(id.indexOf(':') + 1), region: 'north' as const, gender: 'female' as const });
    return { defaultVoice: this.deps.defaultVoice, voices };
  }

  /** Throws a 400 naming the first id of a voice setting (one id or a chain) that is not on offer. */
  checkVoice(setting: string): void {
    const ids = parseVoiceChain(setting);
    const unknown = ids.find((id) => !this.deps.voices.has(id)) ?? (ids.length === 0 ? setting : undefined);
    if (unknown !== undefined) throw new AppError(`Không có giọng đọc "${unknown}" (unknown voice; available: ${this.voiceIds().join(', ')})`, 400, 'unknown_voice');
  }

  /**
   * The voices to try, in order: the one asked for (or its chain), then the
   * default chain, then eSpeak of the first voice's region.
   */
  private async chain(requested: string | undefined, zoneId?: string): Promise<Voice[]> {
    if (requested !== undefined) this.checkVoice(requested);
    let preferred = requested;
    if (preferred === undefined) {
      const commune = await this.deps.communeVoice?.(zoneId);
      // A commune setting naming a voice this server does not offer is passed over, not fatal.
      if (commune && parseVoiceChain(commune).every((id) => this.deps.voices.has(id))) preferred = commune;
      else if (commune) this.deps.log.warn("the commune's voice setting names a voice this server does not offer", { voice: commune });
    }
    const fallback = parseVoiceChain(this.deps.defaultVoice);
    const first = parseVoiceChain(preferred ?? this.deps.defaultVoice);
    const region = this.catalog().voices.find((p) => p.id === first[0])?.region ?? 'north';
    const offline = (id: string) => vendorOf(id) === 'espeak';
    // The cloud voices of LOA_VOICE still come before any eSpeak, and the eSpeak of the first voice's region before the others.
    const ids = [...first, ...fallback.filter((id) => !offline(id)), OFFLINE_BY_REGION[region], ...fallback, 'espeak:vi'];
    return [...new Set(ids)].filter((id) => this.deps.voices.has(id)).map((id) => this.deps.voices.get(id)!);
  }

  render(text: string, opts: RenderOptions = {}): Promise<RenderedSpeech> {
    return this.deps.renders ? this.deps.renders.run(() => this.renderNow(text, opts)) : this.renderNow(text, opts);
  }

  private async renderNow(text: string, opts: RenderOptions): Promise<RenderedSpeech> {
    const progress = opts.onProgress ?? (() => {});
    const voices = await this.chain(opts.voice, opts.zoneId ?? undefined);
    const spoken = (await this.normalize(text, opts.zoneId ?? undefined)).trim();
    if (!spoken) throw new AppError('Nội dung thông báo trống (the text is empty)', 400, 'empty_text');
    const synthesis: SynthesisOptions = { rate: opts.rate, pitch: opts.pitch };
    const withJingles = opts.jingles ?? this.deps.jinglesByDefault ?? false;
    if (withJingles && !this.deps.jingles) throw new AppError('Máy chủ chưa cài nhạc hiệu (no jingles configured)', 400, 'no_jingles');
    const jingles = withJingles ? this.deps.jingles : undefined;
    const keyOf = (voice: Voice) => sha256(JSON.stringify([spoken, voice.id, synthesis, this.deps.pipeline.settingsKey, jingles ? this.jingleKey : null]));
    const chainKey = voices.map(keyOf).join();
    let job: Promise<RenderedSpeech> | undefined = this.inFlight.get(chainKey);
    if (!job) {
      job = this.renderChain(voices, keyOf, spoken, synthesis, jingles, progress).finally(() => this.inFlight.delete(chainKey));
      this.inFlight.set(chainKey, job);
    }
    return job;
  }

  // A voice that times out, fails, is over its vendor's quota or over the
  // commune's monthly limit hands over to the next.
  private async renderChain(
    voices: Voice[],
    keyOf: (voice: Voice) => string,
    spoken: string,
    synthesis: SynthesisOptions,
    jingles: Jingles | undefined,
    progress: (pct: number) => void,
  ): Promise<RenderedSpeech> {
    let lastError: unknown;
    for (const voice of voices) {
      const key = keyOf(voice);
      const cached = await this.cached(key);
      if (cached) {
        progress(100);
        return { ...cached, voice: voice.id };
      }
      const vendor = vendorOf(voice.id);
      const chars = [...spoken].length;
      if (this.deps.usage && !(await this.deps.usage.allows(vendor, chars))) {
        this.deps.log.warn('voice skipped: its monthly character limit is reached', { voice: voice.id, chars });
        continue;
      }
      try {
        const row = await this.renderUncached(key, spoken, voice, synthesis, jingles, progress, async () => {
          if (vendor !== 'espeak') await this.deps.usage?.record(vendor, chars);
        });
        return { ...row, voice: voice.id };
      } catch (err) {
        lastError = err;
        // The server's stop killed it: no other voice is tried.
        if (voice === voices.at(-1) || this.deps.renders?.signal.aborted) break;
        this.deps.log.warn('voice failed, trying the next one', { voice: voice.id, error: (err as Error).message });
      }
    }
    // Every voice read it as silence (a text of combining accents alone, say): the text's fault, not the server's.
    // It was a 500 "internal error" on /broadcasts and /emergency. (The pipeline's AudioError, by its code.)
    const code = (lastError as { code?: unknown } | undefined)?.code;
    if (lastError instanceof Error && (code === 'silent' || code === 'too_short')) {
      throw new AppError('Nội dung không đọc ra được tiếng nào: hãy kiểm tra nội dung có chữ để đọc (the text reads as silence: check that it holds words)', 422, 'silent_speech');
    }
    throw lastError ?? new AppError('Không còn giọng đọc nào trong hạn mức tháng này (every voice is over its monthly limit)', 409, 'voice_limit');
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
    synthesized: () => Promise<void>,
  ): Promise<MediaRow> {
    const started = Date.now();
    progress(1);
    const signal = this.deps.renders?.signal;
    const { audio, container } = await voice.synthesize(spoken, { ...synthesis, signal });
    await synthesized();
    progress(30);
    await fsp.mkdir(this.deps.pipeline.workDir, { recursive: true });
    const raw = path.join(this.deps.pipeline.workDir, `${crypto.randomUUID()}.${container}`);
    await fsp.writeFile(raw, audio);
    try {
      const out = await this.deps.pipeline.process(raw, { jingles, onProgress: (f) => progress(30 + Math.floor(f * 65)), signal });
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
