import cluster from 'node:cluster';
import type { InterviewSummary } from '@bot-backend/interview';
import type { MemorySessionStore, SessionRecord, SessionStore } from '../sessions/session-store.js';
import { sessionFound, sessionLookup, sessionRequest } from './cluster-messages.js';
import { awaitReply } from './ipc-reply.js';

const ASK_MS = 2_000;

/**
 * Reports without a database when several workers share one port: each
 * worker keeps its own interviews in memory, and a report this worker does not
 * have is asked of the others through the primary. The record crosses the IPC
 * channel as the JSON the route would serve anyway.
 */
export class ClusterSessionStore implements SessionStore {
  private seq = 0;
  private readonly waiting = new Map<number, (record: SessionRecord | undefined) => void>();

  constructor(private readonly local: MemorySessionStore) {
    process.on('message', (message: unknown) => {
      const lookup = sessionLookup.safeParse(message);
      if (lookup.success) {
        const record = this.local.get(lookup.data.sessionId) ?? null;
        process.send?.(sessionFound.parse({ type: 'api:session-found', id: lookup.data.id, record }));
        return;
      }
      const found = sessionFound.safeParse(message);
      if (found.success)
        this.waiting.get(found.data.id)?.((found.data.record ?? undefined) as SessionRecord | undefined);
    });
  }

  get ttlMs(): number {
    return this.local.ttlMs;
  }

  register(info: Parameters<SessionStore['register']>[0]): void {
    this.local.register(info);
  }

  finish(summary: InterviewSummary): void {
    this.local.finish(summary);
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    const mine = this.local.get(sessionId);
    const send = process.send?.bind(process);
    if (mine || !cluster.isWorker || !send) return mine;
    const id = ++this.seq;
    return awaitReply(this.waiting, id, ASK_MS, () =>
      send(sessionRequest.parse({ type: 'api:session-request', id, sessionId })),
    );
  }
}
