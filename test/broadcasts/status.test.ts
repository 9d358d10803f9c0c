import { describe, expect, it } from 'vitest';
import { deriveStatus, statesBefore } from '../../src/broadcasts/service.js';

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

  it.each([
    [{ preempted: 2, queued: 1 }, 'failed'],
    [{ done: 1, preempted: 1, queued: 1 }, 'partial'],
    [{ done: 2 }, 'done'],
  ] as const)('over (nothing on air, the rest waits for offline receivers): %o → %s', (counts, status) => {
    expect(deriveStatus(counts, true)).toBe(status);
  });

  it('only ever moves a delivery forward', () => {
    expect(statesBefore('playing')).toEqual(['queued', 'received', 'downloaded']);
    expect(statesBefore('downloaded')).not.toContain('playing');
    expect(statesBefore('failed')).not.toContain('done');
    expect(statesBefore('preempted')).toContain('playing');
    expect(statesBefore('queued')).toEqual([]);
  });
});
