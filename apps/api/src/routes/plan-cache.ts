import type { Plan } from '@bot-backend/interview';

/**
 * Plans this process made recently (POST /v1/plan), so POST /v1/voice/sessions
 * can bind a ticket to one by its planId. Bounded: the oldest go first.
 */
export class PlanCache {
  private readonly plans = new Map<string, { plan: Plan; storedAt: number }>();

  constructor(
    private readonly maxPlans = 1_000,
    readonly ttlMs = 6 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(plan: Plan): void {
    this.plans.delete(plan.planId);
    this.plans.set(plan.planId, { plan, storedAt: this.now() });
    for (const oldest of this.plans.keys()) {
      if (this.plans.size <= this.maxPlans) break;
      this.plans.delete(oldest);
    }
  }

  /** A plan made here or, in a cluster, by another worker (asked through the primary). */
  async lookup(planId: string): Promise<Plan | undefined> {
    return this.get(planId);
  }

  get(planId: string): Plan | undefined {
    const entry = this.plans.get(planId);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > this.ttlMs) {
      this.plans.delete(planId);
      return undefined;
    }
    return entry.plan;
  }
}
