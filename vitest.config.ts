import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { postgresAvailable } from './test/helpers/postgres.js';
import { mosquittoAvailable } from './test/helpers/mosquitto.js';

// Two backends: every test on SQLite + the embedded broker, and the e2e,
// tenancy, bulletin and upstream suites once more on PostgreSQL + a private
// Mosquitto (test/helpers/server.ts); the stores' own suite runs on both in
// the default project. The browser suites, the CLI, the province link and the
// long calendar run once: they drive the same API routes and queries the e2e
// and tenancy suites cover on PostgreSQL, and CI has two cores and 25 minutes.
const ONCE = ['test/tenancy/panel.test.ts', 'test/bulletins/panel.test.ts', 'test/tenancy/cli.test.ts', 'test/tenancy/dense-schedule-calendar.test.ts', 'test/upstream/link.test.ts'];
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const external = mosquittoAvailable() && (await postgresAvailable());
  if (!external) console.warn('  ⚠ e2e on postgres-mosquitto SKIPPED (see the warning above): every suite runs on SQLite + embedded aedes only.\n');
  return {
    test: {
      pool: 'forks',
      // Each worker keeps its loaded modules from one file to the next:
      // loading the server's dependency tree again for every file was a
      // quarter of the run. Test files leave the process as they found it
      // (environment, time zone, timers); each starts its own servers.
      isolate: false,
      // Most files wait on servers, brokers, ffmpeg and a browser, not the CPU:
      // two at a time on CI's 2 cores (vitest's default there is one).
      maxWorkers: 2,
      minWorkers: 1,
      // Two files at a time on 2 cores: a test that loses a race with the
      // machine's load (a browser, ffmpeg, a second server process) runs
      // once more; the output still reports the retry, and a real failure
      // fails twice.
      retry: 1,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      projects: [
        { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
        ...(external
          ? [{ extends: true as const, test: { name: 'postgres-mosquitto', include: ['test/e2e/**/*.test.ts', 'test/tenancy/**/*.test.ts', 'test/bulletins/**/*.test.ts', 'test/upstream/**/*.test.ts'], exclude: ONCE, env: { LOA_TEST_BACKEND: 'postgres-mosquitto' } } }]
          : []),
      ],
    },
  };
});
