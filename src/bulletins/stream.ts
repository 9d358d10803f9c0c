// Bulletin changes on the panel's event stream: a sender follows its communes live.
import type { EventEmitter } from 'node:events';
import type { PanelStream } from '../access/panel-stream.js';
import type { BulletinEvents } from './service.js';
import type { PeerEvent } from '../mqtt/bus.js';

/** The other server instances on the broker (src/mqtt/bus.ts): a bulletin changes in one instance, every instance's panels follow it. */
export interface BulletinPeers {
  toPeers(event: PeerEvent): Promise<void>;
  onPeerEvent(listener: (event: PeerEvent) => void): () => void;
}

export function streamBulletinEvents(stream: PanelStream, events: EventEmitter<BulletinEvents>, peers?: BulletinPeers, log?: { warn(msg: string, meta?: object): void }): void {
  const show = (bulletinId: string) => stream.publish('bulletin', { bulletinId }, (f) => f.bulletin(bulletinId));
  events.on('changed', (bulletinId) => {
    show(bulletinId);
    // A change comes from a request this instance answered or from the upstream link it holds: the others' panels are told through the broker.
    void peers?.toPeers({ type: 'bulletin', bulletinId }).catch((e: Error) => log?.warn('could not tell the other instances of a bulletin change', { error: e.message }));
  });
  peers?.onPeerEvent((e) => e.type === 'bulletin' && show(e.bulletinId));
}
