// The fleet in /metrics: receivers by zone and presence, read from the database at scrape time.
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/index.js';

export function receiverMetrics(registry: Registry, db: Db): void {
  new Gauge({
    name: 'loa_receivers',
    help: 'Provisioned receivers by zone (their own zone, not its parents) and presence',
    labelNames: ['zone', 'online'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('receivers')
        .select(['zone_id', 'online', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['zone_id', 'online'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ zone: r.zone_id, online: r.online ? 'true' : 'false' }, Number(r.n));
    },
  });
}
