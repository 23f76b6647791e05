import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import { metricsRequest, metricsResponse, WORKER_INDEX_ENV } from './cluster-messages.js';
import { awaitReply } from './ipc-reply.js';

const ASK_PRIMARY_MS = 5_000;

/** This process's slot among the workers (0 outside a cluster); the same after a restart. */
export function workerIndex(): number {
  if (!cluster.isWorker) return 0;
  const index = Number(process.env[WORKER_INDEX_ENV]);
  return Number.isSafeInteger(index) && index >= 0 ? index : 0;
}

/**
 * A worker's registry: the primary gathers every worker's metrics from it
 * (prom-client's cluster aggregator), and `metrics()` (what /metrics serves)
 * asks the primary for the sum over all workers, whichever worker the scrape reached.
 */
export class ClusterWorkerRegistry extends Registry {
  private seq = 0;
  private readonly waiting = new Map<number, (text: string | undefined) => void>();

  constructor() {
    super();
    // Constructing one installs prom-client's worker-side listener; it then reads this registry.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([this]);
    process.on('message', (message: unknown) => {
      const parsed = metricsResponse.safeParse(message);
      if (!parsed.success) return;
      this.waiting.get(parsed.data.id)?.(parsed.data.text);
    });
  }

  override async metrics(): Promise<string> {
    const send = process.send?.bind(process);
    if (!cluster.isWorker || !send) return super.metrics();
    const id = ++this.seq;
    const text = await awaitReply(this.waiting, id, ASK_PRIMARY_MS, () =>
      send(metricsRequest.parse({ type: 'api:metrics-request', id })),
    );
    if (text === undefined) throw new Error('the cluster primary did not answer with the aggregated metrics');
    return text;
  }
}
