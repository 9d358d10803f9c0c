// The worker thread's side of pool.ts: answers each request by its id, a
// thrown error as an error reply (the job's to handle, not the thread's end).
import { parentPort, type Transferable } from 'node:worker_threads';

export interface WorkerMessage<Req> {
  id: number;
  body: Req;
}

export type WorkerReply<Rep> = { id: number; body: Rep } | { id: number; error: string };

/** `transferOf`: the buffers of a reply that move to the main thread instead of being copied. */
export function serveRequests<Req, Rep>(handle: (request: Req) => Rep | Promise<Rep>, transferOf?: (reply: Rep) => Transferable[]): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.on('message', async ({ id, body }: WorkerMessage<Req>) => {
    try {
      const reply = await handle(body);
      port.postMessage({ id, body: reply } satisfies WorkerReply<Rep>, transferOf?.(reply));
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply<Rep>);
    }
  });
}
