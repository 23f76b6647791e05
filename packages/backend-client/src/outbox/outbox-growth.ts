/**
 * Whether the outbox keeps growing: over the whole last window its depth never
 * fell below where the window started, and it ends higher. A burst that drains
 * is not growth; an upstream that accepts nothing, or less than arrives, is.
 * Samples are bucketed (1/100 of the window) with the lowest depth of each bucket.
 */
export class GrowthTracker {
  private samples: { at: number; depth: number; low: number }[] = [];

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

  growing(at: number, depth: number): boolean {
    this.sample(at, depth);
    const [start, ...rest] = this.samples;
    if (!start || start.at > at - this.windowMs) return false;
    const lowest = Math.min(...rest.map((sample) => sample.low));
    return depth > start.depth && lowest >= start.depth;
  }
}
