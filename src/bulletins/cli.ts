// `loa downstream create|list|revoke`: a province links a commune's own
// server from the command line as the setup page does. The token is shown
// once, with the two settings the commune's server starts with.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/index.js';
import { AuditLog } from '../access/audit.js';
import { ZoneService } from '../zones/service.js';
import { DownstreamStore } from './downstreams.js';

const USAGE = 'usage: loa downstream create --zone <mã xã> | list | revoke <id>';

export async function downstreamCli(args: string[]): Promise<void> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { zone: { type: 'string' } }, allowPositionals: true });
  const config = loadConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  try {
    const store = new DownstreamStore(database.db, new ZoneService(database.db));
    const audit = new AuditLog(database.db);
    switch (verb) {
      case 'create': {
        if (!values.zone) throw new Error(USAGE);
        const issued = await store.issue(values.zone, 'cli');
        await audit.record('cli', 'downstream.create', issued.id, { zoneId: values.zone }, { zoneId: values.zone });
        const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
        process.stdout.write(
          `đã cấp mã kết nối ${issued.id} cho xã ${values.zone} (chỉ hiện một lần)\n` +
            `Máy chủ của xã khởi động với:\n  UPSTREAM_URL=${url}\n  UPSTREAM_TOKEN=${issued.token}\n`,
        );
        return;
      }
      case 'list': {
        for (const d of await store.list(() => false)) {
          const state = d.revokedAt ? `thu hồi ${d.revokedAt}` : `lần cuối ${d.lastSeenAt ?? 'chưa kết nối'}`;
          process.stdout.write(`${d.id}\t${d.zoneId}\t${d.zoneName}\t${state}\t${d.online} bật / ${d.offline} tắt\n`);
        }
        return;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id) throw new Error(USAGE);
        const zoneId = (await store.list(() => false)).find((d) => d.id === id)?.zoneId;
        await store.revoke(id);
        await audit.record('cli', 'downstream.revoke', id, undefined, { zoneId });
        // A running server refuses the token from the commune's next connection; the panel or the API also cuts the open one.
        process.stdout.write(`đã thu hồi ${id}: xã không kết nối lại được bằng mã này\n`);
        return;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await database.close();
  }
}
