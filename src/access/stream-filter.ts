// What of the live event stream a scoped caller receives: changes of its own
// receivers, deliveries to them, and the status of broadcasts that play in
// its scope. Answers are remembered for the stream's life, so a fan-out's
// burst of acks costs one lookup per receiver, not one per event.
import type { Request } from 'express';
import { scopeOf, type ScopeAccess } from './scope.js';

export interface StreamFilter {
  receiver(zoneId: string): boolean;
  delivery(broadcastId: string, receiverId: string): Promise<boolean>;
  status(broadcastId: string): Promise<boolean>;
  /** A bulletin that went to communes in (or above) the scope. */
  bulletin(bulletinId: string): Promise<boolean>;
}

type BroadcastTargets = (broadcastId: string) => Promise<{ zoneIds: string[]; receiverIds: string[] }>;
type BulletinCommunes = (bulletinId: string) => Promise<string[]>;

/** null: the caller sees the whole system, nothing to filter. */
export function streamFilter(scopes: ScopeAccess, targets: BroadcastTargets, bulletinCommunes: BulletinCommunes): (req: Request) => Promise<StreamFilter | null> {
  return async (req) => {
    const scope = scopeOf(req);
    const within = await scopes.zoneIds(scope);
    if (within === null) return null;
    const receivers = new Map<string, boolean>();
    const broadcasts = new Map<string, boolean>();
    const bulletins = new Map<string, boolean>();
    const memo = async (m: Map<string, boolean>, key: string, f: () => Promise<boolean>) => {
      let v = m.get(key);
      if (v === undefined) m.set(key, (v = await f()));
      return v;
    };
    return {
      receiver: (zoneId) => within.has(zoneId),
      delivery: (_b, receiverId) => memo(receivers, receiverId, () => scopes.coversReceiver(scope, receiverId)),
      status: (broadcastId) =>
        memo(broadcasts, broadcastId, async () => {
          const t = await targets(broadcastId);
          return scopes.reaches(scope, t.zoneIds, t.receiverIds);
        }),
      bulletin: (bulletinId) => memo(bulletins, bulletinId, async () => scopes.reaches(scope, await bulletinCommunes(bulletinId), [])),
    };
  };
}
