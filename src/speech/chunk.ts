// Splits text into pieces no longer than a byte budget, at sentence ends
// where possible (then at commas, then at spaces), so engines with request
// limits never cut a word and pauses fall where a reader would make them.
const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;
// Sentence ends, then clause breaks, then any space, then between letters.
const SEPARATORS: Array<RegExp | null> = [/(?<=[.!?…;:\n])\s+/u, /(?<=,)\s+/u, /\s+/u, null];

export function chunkText(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim()) chunks.push(current.trim());
    current = '';
  };
  for (const piece of splitFiner(text, SEPARATORS, maxBytes)) {
    if (current && bytes(current) + 1 + bytes(piece) > maxBytes) flush();
    current = current ? `${current} ${piece}` : piece;
  }
  flush();
  return chunks;
}

// Pieces that fit the budget, falling back to finer separators only for
// pieces that do not.
function splitFiner(text: string, separators: Array<RegExp | null>, maxBytes: number): string[] {
  const [sep, ...rest] = separators;
  if (!sep) return hardSplit(text, maxBytes);
  const out: string[] = [];
  for (const part of text.split(sep)) {
    if (!part.trim()) continue;
    if (bytes(part) <= maxBytes) out.push(part);
    else out.push(...splitFiner(part, rest, maxBytes));
  }
  return out;
}

// A "word" longer than the budget: cut between code points.
function hardSplit(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (bytes(cur + ch) > maxBytes) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
