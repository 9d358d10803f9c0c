// The link's settings are checked at start, one line per bad value.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('UPSTREAM_URL and UPSTREAM_TOKEN', () => {
  it('are read together', () => {
    const c = loadConfig({ UPSTREAM_URL: 'https://tinh.example.vn', UPSTREAM_TOKEN: 'loa_up_abc', UPSTREAM_STATUS_S: '5' });
    expect(c).toMatchObject({ upstreamUrl: 'https://tinh.example.vn', upstreamToken: 'loa_up_abc', upstreamStatusMs: 5000 });
    expect(loadConfig({})).toMatchObject({ upstreamUrl: null, upstreamToken: null, upstreamStatusMs: 10_000 });
  });

  it('refuse one without the other, a URL that is not HTTP(S), and a bad interval', () => {
    expect(problems({ UPSTREAM_URL: 'https://tinh.example.vn' })).toEqual([expect.stringMatching(/^UPSTREAM_URL is set but UPSTREAM_TOKEN is not/)]);
    expect(problems({ UPSTREAM_TOKEN: 'loa_up_abc' })).toEqual([expect.stringMatching(/^UPSTREAM_TOKEN is set but UPSTREAM_URL is not/)]);
    expect(problems({ UPSTREAM_URL: 'ftp://tinh', UPSTREAM_TOKEN: 'x' })).toEqual([expect.stringMatching(/^UPSTREAM_URL="ftp:\/\/tinh" must start with http:\/\/ or https:\/\//)]);
    expect(problems({ UPSTREAM_STATUS_S: '0' })).toEqual([expect.stringMatching(/^UPSTREAM_STATUS_S="0" must be a whole number from 1 to 3600/)]);
  });
});
