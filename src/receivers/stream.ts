// Receiver changes on the panel's event stream.
import type { EventEmitter } from 'node:events';
import type { PanelStream } from '../access/panel-stream.js';
import type { ReceiverEvents } from './service.js';

/** At most one `receiver` event per receiver this often, carrying its latest view: one chatty receiver must not flood every panel. */
export const RECEIVER_EVENT_INTERVAL_MS = 300;

export function streamReceiverEvents(stream: PanelStream, events: EventEmitter<ReceiverEvents>, intervalMs = RECEIVER_EVENT_INTERVAL_MS): void {
  events.on('changed', (view) => stream.publishLatest(view.id, intervalMs, 'receiver', view, (f) => f.receiver(view.zoneId)));
}
