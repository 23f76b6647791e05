import type { Worker } from 'node:cluster';
import type { Plan } from '@bot-backend/interview';
import { PlanCache } from '../routes/plan-cache.js';
import { planFound, planGet, planPut } from './cluster-messages.js';
import { awaitReply } from './ipc-reply.js';

const ASK_MS = 2_000;

/**
 * A worker's plans: each one it makes is also kept by the primary, and a
 * planId this worker does not hold is asked of the primary, so a ticket can
 * name a plan another worker made (connections are dealt to workers in turn).
 */
export class ClusterPlanCache extends PlanCache {
  private seq = 0;
  private readonly waiting = new Map<number, (plan: Plan | undefined) => void>();

  constructor(private readonly send: (message: unknown) => void) {
    super();
    process.on('message', (message: unknown) => {
      const found = planFound.safeParse(message);
      // The primary hands back a plan a worker of this machine made.
      if (found.success)
        this.waiting.get(found.data.id)?.((found.data.plan ?? undefined) as Plan | undefined);
    });
  }

  override put(plan: Plan): void {
    super.put(plan);
    this.send(planPut.parse({ type: 'api:plan-put', plan }));
  }

  override async lookup(planId: string): Promise<Plan | undefined> {
    const mine = this.get(planId);
    if (mine) return mine;
    const id = ++this.seq;
    return awaitReply(this.waiting, id, ASK_MS, () => this.send({ type: 'api:plan-get', id, planId }));
  }
}

/** The primary's side: every worker's plans, answered by planId. */
export class PlanShelf {
  private readonly plans = new PlanCache();

  /** True when the message was a plan put or question (handled here). */
  handle(from: Worker, message: unknown): boolean {
    const put = planPut.safeParse(message);
    if (put.success) {
      this.plans.put(put.data.plan as unknown as Plan);
      return true;
    }
    const get = planGet.safeParse(message);
    if (!get.success) return false;
    const plan = this.plans.get(get.data.planId) ?? null;
    if (from.isConnected()) from.send({ type: 'api:plan-found', id: get.data.id, plan });
    return true;
  }
}
