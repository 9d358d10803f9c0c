// The protocol's topic ACL as pure functions, so the embedded broker enforces
// exactly what the generated Mosquitto ACL file says.
import { Topics } from './protocol.js';

export interface ReceiverGrant {
  receiverId: string;
  /** The receiver's zone and every ancestor zone (a hamlet command reaches its clusters). */
  zones: readonly string[];
}

/** Only `state` may be retained: a retained ack or telemetry would be replayed to the server on every (re)subscribe. */
export function receiverMayPublish(topics: Topics, grant: ReceiverGrant, topic: string, retain = false): boolean {
  const t = topics.parse(topic);
  if (t?.kind !== 'rx' || t.receiverId !== grant.receiverId) return false;
  return t.leaf === 'state' || (!retain && (t.leaf === 'telemetry' || t.leaf === 'ack'));
}

export function receiverMaySubscribe(topics: Topics, grant: ReceiverGrant, topic: string): boolean {
  const t = topics.parse(topic);
  if (!t) return false;
  if (t.kind === 'rx') return t.receiverId === grant.receiverId && (t.leaf === 'cmd' || t.leaf === 'config');
  return grant.zones.includes(t.zoneId);
}
