// The packet-size guard follows a real MQTT byte stream however TCP splits
// it: a legitimate receiver must never be cut off, and the first packet over
// the limit is caught from its header alone.
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { PacketSizeGuard } from '../../src/mqtt/packet-guard.js';
import { prng } from '../adversarial/helpers.js';

const LIMIT = 64 * 1024;
const gen = (p: object) => mqttPacket.generate(p as mqttPacket.Packet);
const publish = (bytes: number) => gen({ cmd: 'publish', topic: 'loa/v1/rx/rx-dong-01/telemetry', payload: Buffer.alloc(bytes, 0x61), qos: 1, messageId: 7, retain: false, dup: false });

/** A receiver's session: CONNECT, SUBSCRIBE, publishes of every length class (1–3 length bytes), PINGREQ (no body). */
function session(): Buffer {
  return Buffer.concat([
    gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'rx-dong-01', username: 'rx-dong-01', password: Buffer.from('bí mật'), clean: false, keepalive: 60 }),
    gen({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'loa/v1/zone/thon-dong/cmd', qos: 1 }] }),
    publish(10),
    publish(200),
    gen({ cmd: 'pingreq' }),
    publish(20_000),
    publish(LIMIT - 100),
    gen({ cmd: 'puback', messageId: 9 }),
  ]);
}

/** Feeds `bytes` in random splits; the declared length reported over the limit, or null. */
function feed(bytes: Buffer, seed: number, limit = LIMIT): number | null {
  const rnd = prng(seed);
  const guard = new PacketSizeGuard(() => limit);
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 4 : 5000));
    const over = guard.feed(bytes.subarray(i, i + n));
    if (over !== null) return over;
    i += n;
  }
  return null;
}

describe('PacketSizeGuard', () => {
  it('lets a legitimate session through under any split, byte by byte included', () => {
    const bytes = session();
    for (let seed = 1; seed <= 50; seed++) expect(feed(bytes, seed), `seed ${seed}`).toBeNull();
    const guard = new PacketSizeGuard(() => LIMIT);
    const caught = [...bytes].map((b) => guard.feed(Buffer.from([b]))).filter((r) => r !== null);
    expect(caught).toEqual([]);
  });

  it('catches the first packet over the limit from its header, wherever it falls in the stream', () => {
    const over = publish(LIMIT + 1);
    const remaining = over.length - 1 - 3; // type byte and three length bytes
    for (let seed = 1; seed <= 50; seed++) expect(feed(Buffer.concat([session(), over]), seed)).toBe(remaining);
    // The repro: a CONNECT declaring 0x77ffffff bytes, caught before any of the body.
    expect(new PacketSizeGuard(() => LIMIT).feed(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x77]))).toBe(0x77 * 128 ** 3 + 0x7f * (128 ** 2 + 128 + 1));
  });

  it('treats a fifth length byte as over the limit (malformed)', () => {
    expect(new PacketSizeGuard(() => LIMIT).feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('asks for the limit at each packet, so it can change once the client is known', () => {
    let limit = LIMIT;
    const guard = new PacketSizeGuard(() => limit);
    expect(guard.feed(publish(LIMIT - 100))).toBeNull();
    limit = 1024 * 1024;
    expect(guard.feed(publish(500_000))).toBeNull();
    limit = LIMIT;
    expect(guard.feed(publish(LIMIT + 10))).not.toBeNull();
  });
});
