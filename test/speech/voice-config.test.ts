// The voice settings from the environment: chains, vendor keys, base URLs,
// monthly limits and the timeout, each bad value named on one line.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('voice configuration', () => {
  it('takes a failover chain, the vendors, their URLs and limits', () => {
    const c = loadConfig({
      LOA_VOICE: 'fpt:banmai, viettel:hn-quynhanh,espeak:vi',
      FPT_AI_API_KEY: 'k1',
      VIETTEL_AI_TOKEN: 't1',
      VIETTEL_AI_URL: 'http://127.0.0.1:9999/',
      ZALO_AI_MONTHLY_CHARS: '1000000',
      VOICE_TIMEOUT_S: '5',
    });
    expect(c.voice).toBe('fpt:banmai, viettel:hn-quynhanh,espeak:vi');
    expect(c.cloudVoices.fpt).toEqual({ key: 'k1', url: 'https://api.fpt.ai', monthlyChars: undefined });
    expect(c.cloudVoices.viettel).toEqual({ key: 't1', url: 'http://127.0.0.1:9999', monthlyChars: undefined });
    expect(c.cloudVoices.zalo).toEqual({ key: null, url: 'https://api.zalo.ai', monthlyChars: 1_000_000 });
    expect(c.voiceTimeoutMs).toBe(5000);
  });

  it('names each bad value on one line', () => {
    const found = problems({ LOA_VOICE: 'fpt banmai', FPT_AI_URL: 'ftp://x', ZALO_AI_MONTHLY_CHARS: '-5', VOICE_TIMEOUT_S: '0' });
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/LOA_VOICE="fpt banmai"/);
    expect(found.join('\n')).toMatch(/FPT_AI_URL="ftp:\/\/x"/);
    expect(found.join('\n')).toMatch(/ZALO_AI_MONTHLY_CHARS="-5"/);
    expect(found.join('\n')).toMatch(/VOICE_TIMEOUT_S="0"/);
  });
});
