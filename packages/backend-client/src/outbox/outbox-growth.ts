/**
 * Whether the outbox keeps growing: over the whole last window it never fell
 * below its depth at the window's start, and either it ends higher or nothing
 * at all was delivered in the window (results arrive slower than the window,
 * but none leave). A burst that drains is not growth.
 * Samples are bucketed (1/100 of the window) with the lowest depth of each bucket.
 */
export class GrowthTracker {
  private samples: { at: number; depth: number; low: number }[] = [];
  private lastDeliveryAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  sample(at: number, depth: number): void {
    const last = this.samples.at(-1);
    if (last && at - last.at < this.windowMs / 100) {
      last.depth = depth;
      last.low = Math.min(last.low, depth);
      return;
    }
    this.samples.push({ at, depth, low: depth });
    // Keep one sample at or before the window's start, so the window stays covered.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - this.windowMs) this.samples.shift();
  }

  delivered(at: number): void {
    this.lastDeliveryAt = at;
  }

  growing(at: number, depth: number): boolean {
    this.sample(at, depth);
    const [start, ...rest] = this.samples;
    const windowStart = at - this.windowMs;
    if (!start || start.at > windowStart || depth === 0) return false;
    const lowest = Math.min(start.depth, ...rest.map((sample) => sample.low));
    if (lowest < start.depth) return false;
    return depth > start.depth || this.lastDeliveryAt < windowStart;
  }
}
