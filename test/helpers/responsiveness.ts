// While heavy work runs in the server, how the event loop and /healthz fared:
// the probe asks /healthz every 50 ms and the loop's delay is measured
// (monitorEventLoopDelay; the server runs in the test's own process).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect } from 'vitest';

export interface Responsiveness {
  /** The longest the event loop was held, in ms. */
  maxDelayMs: number;
  p99DelayMs: number;
  /** How often /healthz answered, and its slowest answer in ms. */
  healthzCount: number;
  worstHealthzMs: number;
  /** One line for the test's output. */
  summary: string;
}

/** Runs `work` while probing `${baseUrl}/healthz`; every probe must answer 200. */
export async function whileProbing<T>(baseUrl: string, work: () => Promise<T>): Promise<{ result: T; responsiveness: Responsiveness }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const healthz: number[] = [];
  let working = true;
  const probe = (async () => {
    while (working) {
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/healthz`);
      await res.text();
      expect(res.status).toBe(200);
      healthz.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    const result = await work();
    return { result, responsiveness: measured() };
  } finally {
    working = false;
    await probe;
    loop.disable();
  }

  function measured(): Responsiveness {
    const maxDelayMs = loop.max / 1e6;
    const p99DelayMs = loop.percentile(99) / 1e6;
    const worstHealthzMs = Math.max(0, ...healthz);
    return {
      maxDelayMs,
      p99DelayMs,
      healthzCount: healthz.length,
      worstHealthzMs,
      summary: `event-loop delay max ${maxDelayMs.toFixed(0)} ms, p99 ${p99DelayMs.toFixed(0)} ms; /healthz ×${healthz.length}, worst ${worstHealthzMs.toFixed(0)} ms`,
    };
  }
}
