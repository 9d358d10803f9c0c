// Delivery progress and broadcast status on the panel's event stream.
import type { EventEmitter } from 'node:events';
import type { PanelStream } from '../access/panel-stream.js';
import type { DispatcherEvents } from './dispatcher.js';

export function streamDispatchEvents(stream: PanelStream, events: EventEmitter<DispatcherEvents>): void {
  events.on('delivery', (broadcastId, receiverId, state) => stream.publish('delivery', { broadcastId, receiverId, state }, (f) => f.delivery(broadcastId, receiverId)));
  events.on('status', (broadcastId) => stream.publish('status', { broadcastId }, (f) => f.status(broadcastId)));
}
