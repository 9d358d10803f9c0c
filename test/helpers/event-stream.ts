// The panel's event stream (GET /api/v1/events) as a test reads it: all the
// text that arrived so far, the data of one kind of event, and whether the
// server ended the stream.
import { expect } from 'vitest';

export interface OpenEventStream {
  text(): string;
  /** What arrived after `mark` (a length of text() taken earlier). */
  since(mark: number): string;
  /** The data of every `event` frame of this name so far, as JSON text. */
  data(event: string): string[];
  /** The server ended the stream (it was not closed by the test). */
  ended(): boolean;
  close(): Promise<void>;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<OpenEventStream> {
  let text = '';
  let ended = false;
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const pump = (async () => {
    const dec = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return void (ended = !ctrl.signal.aborted);
      text += dec.decode(value, { stream: true });
    }
  })();
  return {
    text: () => text,
    since: (mark) => text.slice(mark),
    data: (event) =>
      text
        .split('\n\n')
        // The last piece is a frame still arriving (or empty).
        .slice(0, -1)
        .map((frame) => new RegExp(`^event: ${event}\\ndata: (.*)$`, 'm').exec(frame)?.[1])
        .filter((d): d is string => d !== undefined),
    ended: () => ended,
    close: async () => {
      ctrl.abort();
      await pump;
    },
  };
}
