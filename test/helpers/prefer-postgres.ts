// A test whose bug showed on the district and province backend starts its
// server on PostgreSQL + Mosquitto when they are installed, in whichever
// project it runs. helpers/server.js reads LOA_TEST_BACKEND when it loads, so
// the variable is set first and that module imported only then.
import { postgresAvailable } from './postgres.js';
import { mosquittoAvailable } from './mosquitto.js';
import type { TestServer } from './server.js';

export async function startPreferringPostgres(env: Record<string, string> = {}): Promise<TestServer> {
  if (!process.env.LOA_TEST_BACKEND && mosquittoAvailable() && (await postgresAvailable())) process.env.LOA_TEST_BACKEND = 'postgres-mosquitto';
  const { startTestServer } = await import('./server.js');
  return startTestServer(env);
}
