// A test whose bug showed on the district and province backend starts its
// server on PostgreSQL + Mosquitto when they are installed, in whichever
// project it runs. The process's environment is left as it was: with
// isolation off, a later test file in the same worker must not inherit it.
import { postgresAvailable } from './postgres.js';
import { mosquittoAvailable } from './mosquitto.js';
import { startTestServer, type TestServer } from './server.js';

export async function startPreferringPostgres(env: Record<string, string> = {}): Promise<TestServer> {
  const external = mosquittoAvailable() && (await postgresAvailable());
  return startTestServer(env, external ? 'postgres-mosquitto' : undefined);
}
