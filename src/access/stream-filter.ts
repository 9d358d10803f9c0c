// What of the live event stream a scoped caller receives: changes of its own
// receivers, deliveries to them, and the status of broadcasts that play in
// its scope. Where a receiver is, is remembered once for all streams and
// kept current as receivers change, so a fan-out's burst of acks costs one
// lookup per receiver, and a receiver moved to another commune leaves the
// old commune's open streams for the new one's at once. The scope's zones
// are asked of the zone tree at each event: a hamlet made or moved after a
// stream opened is in it, or out of it, as it is now.
import type { Request } from 'express';
import { scopeOf, type ScopeAccess } from './scope.js';

export interface StreamFilter {
  receiver(zoneId: string): Promise<boolean>;
  delivery(broadcastId: string, receiverId: string): Promise<boolean>;
  status(broadcastId: string): Promise<boolean>;
  /** A bulletin that went to communes in (or above) the scope. */
  bulletin(bulletinId: string): Promise<boolean>;
}

type BroadcastTargets = (broadcastId: string) => Promise<{ zoneIds: string[]; receiverIds: string[] }>;
type BulletinCommunes = (bulletinId: string) => Promise<string[]>;

/** The receivers as the stream needs them: where one is, and word of where it is each time it changes (moves included). */
export interface ReceiverPlaces {
  zoneOf(receiverId: string): Promise<string | undefined>;
  onChanged(listener: (receiverId: string, zoneId: string) => void): void;
  onDeleted(listener: (receiverId: string) => void): void;
}

/** null: the caller sees the whole system, nothing to filter. */
export function streamFilter(scopes: ScopeAccess, targets: BroadcastTargets, bulletinCommunes: BulletinCommunes, receivers: ReceiverPlaces): (req: Request) => Promise<StreamFilter | null> {
  const placed = new Map<string, string>();
  // Only receivers a stream has asked about are kept, and kept current.
  receivers.onChanged((id, zoneId) => {
    if (placed.has(id)) placed.set(id, zoneId);
  });
  receivers.onDeleted((id) => placed.delete(id));
  const zoneOf = async (receiverId: string) => {
    let zoneId = placed.get(receiverId);
    if (zoneId === undefined && (zoneId = await receivers.zoneOf(receiverId)) !== undefined) placed.set(receiverId, zoneId);
    return zoneId;
  };
  return async (req) => {
    const scope = scopeOf(req);
    if (scope.zoneId === null) return null;
    const broadcasts = new Map<string, boolean>();
    const bulletins = new Map<string, boolean>();
    const memo = async (m: Map<string, boolean>, key: string, f: () => Promise<boolean>) => {
      let v = m.get(key);
      if (v === undefined) m.set(key, (v = await f()));
      return v;
    };
    return {
      receiver: (zoneId) => scopes.coversZone(scope, zoneId),
      delivery: async (_b, receiverId) => {
        const zoneId = await zoneOf(receiverId);
        return zoneId !== undefined && scopes.coversZone(scope, zoneId);
      },
      status: (broadcastId) =>
        memo(broadcasts, broadcastId, async () => {
          const t = await targets(broadcastId);
          return scopes.reaches(scope, t.zoneIds, t.receiverIds);
        }),
      bulletin: (bulletinId) => memo(bulletins, bulletinId, async () => scopes.reaches(scope, await bulletinCommunes(bulletinId), [])),
    };
  };
}
