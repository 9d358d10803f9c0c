// The panel's event stream as features publish to it: each event says which
// scoped callers may see it through the caller's StreamFilter.
import type { EventStream } from '../http/events.js';
import type { StreamFilter } from './stream-filter.js';

export type PanelStream = Pick<EventStream<StreamFilter>, 'publish' | 'publishLatest'>;
