// The MQTT link in /metrics: messages handled and dropped (the bus keeps the
// totals; these counters follow them at each scrape), the connection, and
// what the embedded broker refused.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ServerBus } from './bus.js';
import type { EmbeddedBroker } from './broker.js';

export function mqttMetrics(registry: Registry, bus: ServerBus, broker: EmbeddedBroker | null): void {
  const previous = { received: { state: 0, telemetry: 0, ack: 0 }, invalid: { state: 0, telemetry: 0, ack: 0 }, partial: { state: 0, telemetry: 0, ack: 0 } };
  const fromBus = (name: string, help: string, kind: 'received' | 'invalid' | 'partial') =>
    new Counter({
      name,
      help,
      labelNames: ['leaf'],
      registers: [registry],
      collect() {
        const now = bus.getStats()[kind];
        for (const leaf of ['state', 'telemetry', 'ack'] as const) {
          this.inc({ leaf }, now[leaf] - previous[kind][leaf]);
          previous[kind][leaf] = now[leaf];
        }
      },
    });
  fromBus('loa_mqtt_messages_total', 'Valid receiver messages handled, by topic leaf', 'received');
  fromBus('loa_mqtt_invalid_messages_total', 'Receiver messages dropped as invalid (not JSON, a required field missing or out of range), by topic leaf', 'invalid');
  fromBus('loa_mqtt_partial_messages_total', 'Receiver messages handled without some optional fields, which were out of range, by topic leaf', 'partial');
  new Gauge({
    name: 'loa_mqtt_connected',
    help: 'Whether the server is connected to the MQTT broker',
    registers: [registry],
    collect() {
      this.set(bus.isConnected() ? 1 : 0);
    },
  });
  if (!broker) return;
  const refused = { oversized: 0, connectTimeouts: 0 };
  new Counter({
    name: 'loa_mqtt_connections_closed_total',
    help: 'Connections the embedded broker closed: a packet over the size limit (oversized), no CONNECT in time (connect_timeout)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      const now = broker.stats();
      this.inc({ reason: 'oversized' }, now.oversized - refused.oversized);
      this.inc({ reason: 'connect_timeout' }, now.connectTimeouts - refused.connectTimeouts);
      Object.assign(refused, now);
    },
  });
  new Gauge({
    name: 'loa_mqtt_broker_clients',
    help: 'Clients connected to the embedded broker (receivers and this server)',
    registers: [registry],
    collect() {
      this.set(broker.connectedClients());
    },
  });
}
