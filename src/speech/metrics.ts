// Cloud voices in /metrics: characters sent to each vendor this month, and its limit.
import { Gauge, type Registry } from 'prom-client';

export function voiceUsageMetrics(registry: Registry, source: { current(): Promise<Array<{ vendor: string; chars: number; limit: number | null }>> }): void {
  const usage = () => source.current();
  new Gauge({
    name: 'loa_voice_characters_month',
    help: 'Characters sent to each cloud voice vendor this month (commune time)',
    labelNames: ['vendor'],
    registers: [registry],
    async collect() {
      for (const u of await usage()) this.set({ vendor: u.vendor }, u.chars);
    },
  });
  new Gauge({
    name: 'loa_voice_characters_limit',
    help: 'Monthly character limit per cloud voice vendor (*_MONTHLY_CHARS), past which it is skipped',
    labelNames: ['vendor'],
    registers: [registry],
    async collect() {
      for (const u of await usage()) if (u.limit !== null) this.set({ vendor: u.vendor }, u.limit);
    },
  });
}
