import type { Worker } from 'node:cluster';
import { sessionFound, sessionRequest } from './cluster-messages.js';

const LOOKUP_MS = 1_500;

/**
 * The primary's side of ClusterSessionStore: a worker's question goes to
 * every other worker; the first record found (or null once all have answered,
 * or after a timeout) goes back to the asker.
 */
export class SessionLookups {
  private seq = 0;
  private readonly open = new Map<number, { answer: (record: unknown) => void; pending: number }>();

  constructor(private readonly workers: () => Worker[]) {}

  /** True when the message was a session request or answer (handled here). */
  handle(from: Worker, message: unknown): boolean {
    const request = sessionRequest.safeParse(message);
    if (request.success) {
      this.ask(from, request.data.id, request.data.sessionId);
      return true;
    }
    const found = sessionFound.safeParse(message);
    if (!found.success) return false;
    const lookup = this.open.get(found.data.id);
    if (!lookup) return true;
    lookup.pending -= 1;
    if (found.data.record !== null || lookup.pending === 0) lookup.answer(found.data.record);
    return true;
  }

  private ask(asker: Worker, askerId: number, sessionId: string): void {
    const others = this.workers().filter((worker) => worker !== asker && worker.isConnected());
    const reply = (record: unknown) => {
      if (asker.isConnected()) asker.send({ type: 'api:session-found', id: askerId, record });
    };
    if (others.length === 0) {
      reply(null);
      return;
    }
    const id = ++this.seq;
    const timer = setTimeout(() => answer(null), LOOKUP_MS);
    const answer = (record: unknown) => {
      clearTimeout(timer);
      this.open.delete(id);
      reply(record);
    };
    this.open.set(id, { answer, pending: others.length });
    for (const worker of others) worker.send({ type: 'api:session-lookup', id, sessionId });
  }
}
