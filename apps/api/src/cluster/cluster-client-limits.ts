import type { Worker } from 'node:cluster';
import { ClientCounts, type ClientSessionLimits } from '../voice/client-session-limits.js';
import { clientAcquire, clientAcquired, clientRelease } from './cluster-messages.js';
import { awaitReply } from './ipc-reply.js';

const ASK_MS = 5_000;

/**
 * A worker's per-client limit, counted by the cluster primary over every
 * worker: a client's interviews reach several workers (a lone connection
 * goes to whichever wakes first, and voice-placement.ts spreads them), and a
 * count per worker let a client run the limit at each. When the primary does
 * not answer in time, this worker's own count decides.
 */
export class ClusterClientLimits implements ClientSessionLimits {
  private seq = 0;
  private readonly waiting = new Map<number, (ok: boolean | undefined) => void>();
  /** What this worker alone would allow, for when the primary does not answer. */
  private readonly own: ClientCounts;
  /** Interviews the primary counted, so their release goes there too. */
  private readonly counted = new ClientCounts(Number.POSITIVE_INFINITY);

  constructor(
    private readonly send: (message: unknown) => void,
    limit: number,
    private readonly onUnanswered: () => void,
  ) {
    this.own = new ClientCounts(limit);
    process.on('message', (message: unknown) => {
      const reply = clientAcquired.safeParse(message);
      if (!reply.success) return;
      const waiter = this.waiting.get(reply.data.id);
      if (waiter) waiter(reply.data.ok);
      // Counted after this worker stopped waiting (and counted it alone): given back.
      else if (reply.data.ok)
        this.send(clientRelease.parse({ type: 'api:client-release', client: reply.data.client }));
    });
  }

  async acquire(client: string): Promise<boolean> {
    const id = ++this.seq;
    const ok = await awaitReply(this.waiting, id, ASK_MS, () =>
      this.send(clientAcquire.parse({ type: 'api:client-acquire', id, client })),
    );
    if (ok === undefined) {
      this.onUnanswered();
      return this.own.take(client);
    }
    if (ok) {
      this.own.take(client);
      this.counted.take(client);
    }
    return ok;
  }

  release(client: string): void {
    this.own.give(client);
    if (this.counted.of(client) === 0) return;
    this.counted.give(client);
    this.send(clientRelease.parse({ type: 'api:client-release', client }));
  }
}

/**
 * The primary's side: one count per client over all workers, each worker's
 * share kept so that a worker that dies gives its clients' interviews back.
 */
export class ClientDesk {
  private readonly all: ClientCounts;
  private readonly byWorker = new Map<number, ClientCounts>();

  constructor(limit: number) {
    this.all = new ClientCounts(limit);
  }

  /** True when the message was a client count request (answered here). */
  handle(from: Worker, message: unknown): boolean {
    const acquire = clientAcquire.safeParse(message);
    if (acquire.success) {
      const { id, client } = acquire.data;
      const ok = this.all.take(client);
      if (ok) this.ofWorker(from).take(client);
      // A worker gone meanwhile cannot run it: given back at once.
      if (ok && !from.isConnected()) this.workerGone(from);
      else if (from.isConnected())
        from.send(clientAcquired.parse({ type: 'api:client-acquired', id, client, ok }));
      return true;
    }
    const release = clientRelease.safeParse(message);
    if (!release.success) return false;
    if (this.ofWorker(from).of(release.data.client) > 0) {
      this.ofWorker(from).give(release.data.client);
      this.all.give(release.data.client);
    }
    return true;
  }

  /** A worker exited: its clients' interviews ended with it. */
  workerGone(worker: Worker): void {
    const counts = this.byWorker.get(worker.id);
    this.byWorker.delete(worker.id);
    if (!counts) return;
    for (const [client, count] of counts.entries()) this.all.give(client, count);
  }

  private ofWorker(worker: Worker): ClientCounts {
    let counts = this.byWorker.get(worker.id);
    if (!counts) {
      counts = new ClientCounts(Number.POSITIVE_INFINITY);
      this.byWorker.set(worker.id, counts);
    }
    return counts;
  }
}
