/**
 * How many interviews each client runs at once (the ticket's token subject,
 * else the socket's address), held to VOICE_MAX_SESSIONS_PER_CLIENT.
 * `acquire` resolves false when the client already runs that many;
 * every true is matched by one `release` when that interview ends.
 */
export interface ClientSessionLimits {
  acquire(client: string): Promise<boolean>;
  release(client: string): void;
}

/** Counts per client in a map: one process's interviews (the cluster primary keeps one for all workers). */
export class ClientCounts {
  private readonly running = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** One more for `client`, unless it runs `limit` already. */
  take(client: string): boolean {
    const running = this.running.get(client) ?? 0;
    if (running >= this.limit) return false;
    this.running.set(client, running + 1);
    return true;
  }

  give(client: string, count = 1): void {
    const left = (this.running.get(client) ?? 0) - count;
    if (left > 0) this.running.set(client, left);
    else this.running.delete(client);
  }

  /** How many `client` runs now. */
  of(client: string): number {
    return this.running.get(client) ?? 0;
  }

  entries(): IterableIterator<[string, number]> {
    return this.running.entries();
  }
}

/** This process's interviews only (one process, or a worker whose primary cannot answer). */
export function localClientLimits(limit: number): ClientSessionLimits & { counts: ClientCounts } {
  const counts = new ClientCounts(limit);
  return {
    counts,
    acquire: async (client) => counts.take(client),
    release: (client) => counts.give(client),
  };
}
