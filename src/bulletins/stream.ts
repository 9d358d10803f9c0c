// Bulletin changes on the panel's event stream: a sender follows its communes live.
import type { EventEmitter } from 'node:events';
import type { PanelStream } from '../access/panel-stream.js';
import type { BulletinEvents } from './service.js';

export function streamBulletinEvents(stream: PanelStream, events: EventEmitter<BulletinEvents>): void {
  events.on('changed', (bulletinId) => stream.publish('bulletin', { bulletinId }, (f) => f.bulletin(bulletinId)));
}
