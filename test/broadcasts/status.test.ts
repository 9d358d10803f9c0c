import { describe, expect, it } from 'vitest';
import { advances, deriveStatus } from '../../src/broadcasts/service.js';

describe("a broadcast's status from its deliveries", () => {
  it.each([
    [{ done: 3, playing: 1 }, 'dispatched'],
    [{ done: 4 }, 'done'],
    [{}, 'done'],
    [{ done: 2, expired: 1, failed: 1 }, 'partial'],
    [{ expired: 3 }, 'expired'],
    [{ expired: 2, failed: 1 }, 'failed'],
    [{ skipped: 2 }, 'cancelled'],
    [{ skipped: 1, done: 1 }, 'partial'],
  ] as const)('%o → %s', (counts, status) => {
    expect(deriveStatus(counts)).toBe(status);
  });

  it('only ever moves a delivery forward', () => {
    expect(advances('queued', 'playing')).toBe(true);
    expect(advances('playing', 'downloaded')).toBe(false);
    expect(advances('done', 'failed')).toBe(false);
    expect(advances('playing', 'preempted')).toBe(true);
  });
});
