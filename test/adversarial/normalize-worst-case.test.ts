// Text a voice is asked to read is checked and normalized (POST
// /speech/normalize, the unreadable-sentence check of a broadcast), up to
// 100,000 characters, on the request's own thread until long texts moved to
// worker threads. Some inputs made the normalizer's work grow with the
// square or the cube of their length: 20,000 characters of one hashtag took
// 19 s, of "Ông Văn " repeated about a minute, during which the server answered
// nothing and dispatched nothing. Each must now take a time in proportion to its
// length: the bound below is many times what they take and far below what any of
// them took before (bench/normalize-worst.ts measures them, docs/benchmarks.md).
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';

const LENGTH = 20_000;
const WORST: Record<string, string> = {
  'one long hashtag': `#${'a'.repeat(LENGTH)}`,
  'capitalised words without a stop': 'Ông Văn '.repeat(LENGTH / 8),
  'names of the Highlands without a stop': 'Đắk '.repeat(LENGTH / 4),
  'TT again and again': 'TT '.repeat(LENGTH / 3),
  'numbered markers "1." run together': '1.'.repeat(LENGTH / 2),
  'kilometre posts run together': 'Km1+'.repeat(LENGTH / 4),
  'one long Vietnamese "word"': 'người'.repeat(LENGTH / 5),
  'a run of spaces': `a${' '.repeat(LENGTH)}b`,
  'a run of tabs': `${'\t'.repeat(LENGTH)}x`,
  // In lower case (no capital at all) the text first takes back its capitals: runs of white space there too.
  'a run of line breaks': `a${'\n'.repeat(LENGTH)}b`,
  'chat shorthand again and again': 'ko '.repeat(LENGTH / 3),
  // A pattern tried at each of a long run's characters crossed the run again each time: a run of emoji (10,000 took 5 s),
  // of "@" in one token, of "?"; and a long word before a full stop's look-behind (20,000 letters of "người" took 6 s).
  'a run of emoji': `Chúc mừng ${'😀'.repeat(LENGTH / 2)} bà con`,
  'a run of at signs': `Gửi thư ${'@'.repeat(LENGTH)} xã`,
  'a run of question marks': `Ai nhặt được ${'?'.repeat(LENGTH)} xin báo`,
  // Each short word of a text in lower case looked back over all the text before it.
  'a chat word and a call again and again, in lower case': 'bc ơi '.repeat(LENGTH / 6),
};
const BOUND_MS = 8_000;

describe('the normalizer on its worst inputs', () => {
  it.each(Object.entries(WORST))('reads %s in time in proportion to its length', (_name, text) => {
    const started = performance.now();
    const result = normalize(text);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(BOUND_MS);
    // It is still read, not dropped.
    expect(result.spoken.length).toBeGreaterThan(0);
  });

  it('reads a long sentence cut into pieces as it reads each piece', () => {
    const sentence = 'Thôn 3 họp lúc 7h30 ngày 5/12 tại NVH, ';
    const long = sentence.repeat(40).replace(/, $/, '.');
    expect(long.length).toBeGreaterThan(1_000);
    const piece = normalize(sentence.replace(/, $/, '.')).spoken;
    expect(normalize(long).spoken).toBe(Array(40).fill(piece).join(', '));
  });
});
