// Every store suite, in one call per backend.
import { auditStoreSuite, tokenStoreSuite } from './access.suite.js';
import { broadcastStoreSuite } from './broadcasts.suite.js';
import type { MakeDb } from './harness.js';
import { mediaStoreSuite } from './media.suite.js';
import { receiverStoreSuite } from './receivers.suite.js';
import { zoneStoreSuite } from './zones.suite.js';

export function storeSuites(makeDb: MakeDb): void {
  zoneStoreSuite(makeDb);
  receiverStoreSuite(makeDb);
  broadcastStoreSuite(makeDb);
  tokenStoreSuite(makeDb);
  auditStoreSuite(makeDb);
  mediaStoreSuite(makeDb);
}
