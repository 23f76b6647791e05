/**
 * The replica test's own load balancer: each request to the next live
 * replica in turn. A request whose connection fails is tried on the next one,
 * and a replica failing three times in a row is taken out (as a load balancer's
 * health check would);
 * a 5xx is retried the same way. The caller's headers (its Idempotency-Key)
 * travel with every try.
 */
export class RoundRobin {
  private turn = 0;
  private readonly live: string[];
  private readonly failures = new Map<string, number>();
  /** Requests tried more than once. */
  retried = 0;

  constructor(urls: readonly string[]) {
    this.live = [...urls];
  }

  async post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      if (this.live.length === 0) break;
      const url = this.live[this.turn++ % this.live.length] as string;
      if (attempt > 0) this.retried += 1;
      try {
        const res = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        this.failures.delete(url);
        if (res.status < 500) return res;
        lastError = new Error(`${url} answered ${res.status}`);
        await res.body?.cancel();
      } catch (error) {
        lastError = error;
        // Three failed connections in a row: that replica is gone.
        const failures = (this.failures.get(url) ?? 0) + 1;
        this.failures.set(url, failures);
        const index = this.live.indexOf(url);
        if (failures >= 3 && index >= 0) this.live.splice(index, 1);
      }
    }
    throw new Error(`no replica took POST ${path}`, { cause: lastError });
  }
}
