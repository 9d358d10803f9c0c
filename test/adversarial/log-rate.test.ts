// A warning repeated thousands of times (one receiver sending garbage) is
// written a few times a minute, says how many were held back, and every one
// is counted for /metrics (issue #11, item 6). The fuzzer
// (mqtt-fuzz.test.ts) checks the same counts through the server's /metrics.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createLogger, WARN_BURST, WARN_WINDOW_MS, warningCounts } from '../../src/log.js';

let lines: string[];
let restore: () => void;

beforeEach(() => {
  lines = [];
  const write = process.stderr.write.bind(process.stderr);
  // The log's own output is what is under test: collect it instead of printing it.
  process.stderr.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  restore = () => (process.stderr.write = write);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-29T10:00:00Z'));
});

afterEach(() => {
  restore();
  vi.useRealTimers();
});

const count = (scope: string, message: string) => warningCounts().find((w) => w.scope === scope && w.message === message);

it('writes a repeated warning WARN_BURST times per window, counts every one, and reports what it held back', () => {
  const log = createLogger('info', 'loa-test').child('bus');
  for (let i = 0; i < 5000; i++) log.warn('dropped invalid message', { topic: `loa/v1/rx/rx-${i}/state`, error: 'payload is not valid JSON' });
  // Another warning is not held back by the flood.
  log.warn('receiver refused: bad credentials', { receiverId: 'rx-1' });
  expect(lines.filter((l) => l.includes('dropped invalid message'))).toHaveLength(WARN_BURST);
  expect(lines.filter((l) => l.includes('bad credentials'))).toHaveLength(1);
  expect(count('loa-test:bus', 'dropped invalid message')).toEqual({ scope: 'loa-test:bus', message: 'dropped invalid message', total: 5000, suppressed: 5000 - WARN_BURST });

  // The next window writes again, and says how many were not written.
  vi.setSystemTime(Date.now() + WARN_WINDOW_MS);
  lines.length = 0;
  log.warn('dropped invalid message', { topic: 'loa/v1/rx/rx-x/state', error: 'payload is not valid JSON' });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`(${5000 - WARN_BURST} more like it not written`);
  expect(count('loa-test:bus', 'dropped invalid message')?.total).toBe(5001);
});

it('counts warnings below the log level too, and never writes errors less', () => {
  const log = createLogger('silent', 'loa-quiet');
  for (let i = 0; i < 20; i++) log.warn('noisy');
  expect(lines).toEqual([]);
  expect(count('loa-quiet', 'noisy')?.total).toBe(20);
  const loud = createLogger('info', 'loa-errors');
  for (let i = 0; i < 20; i++) loud.error('handling ack failed');
  expect(lines).toHaveLength(20);
});

it('keeps a bounded number of distinct warnings, the rest under one entry', () => {
  const log = createLogger('silent', 'loa-many');
  for (let i = 0; i < 2000; i++) log.warn(`made-up message ${i}`);
  expect(warningCounts().length).toBeLessThanOrEqual(501);
  expect(count('other', 'other')?.total).toBeGreaterThan(0);
});
