import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/speech/chunk.js';

const bytes = (s: string) => Buffer.byteLength(s);

describe('chunkText', () => {
  it('keeps text under the budget whole', () => {
    expect(chunkText('  Xin chào bà con.  ', 100)).toEqual(['Xin chào bà con.']);
  });

  it('cuts at sentence ends and packs as many sentences as fit', () => {
    const s = 'Câu một có dấu. Câu hai cũng vậy! Câu ba hỏi? Câu bốn hết.';
    const chunks = chunkText(s, 48);
    expect(chunks).toEqual(['Câu một có dấu. Câu hai cũng vậy!', 'Câu ba hỏi? Câu bốn hết.']);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(48);
    expect(chunkText(s, 40)).toEqual(['Câu một có dấu.', 'Câu hai cũng vậy! Câu ba hỏi?', 'Câu bốn hết.']);
  });

  it('falls back to commas, then spaces, for a sentence longer than the budget', () => {
    const s = 'một hai ba bốn năm, sáu bảy tám chín mười, mười một mười hai mười ba mười bốn';
    const chunks = chunkText(s, 30);
    expect(chunks.join(' ')).toBe(s);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(30);
    expect(chunks[0]).toBe('một hai ba bốn năm,');
  });

  it('splits a word longer than the budget between characters, never inside one', () => {
    const word = 'ươ'.repeat(20); // 3-byte characters
    const chunks = chunkText(word, 10);
    expect(chunks.join('')).toBe(word);
    for (const c of chunks) expect(bytes(c)).toBeLessThanOrEqual(10);
  });
});
