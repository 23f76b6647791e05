import type { RefusalReason } from '../gating/room-gating.js';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface AgentMetricsSnapshot {
  joins: { accepted: number; refused: Partial<Record<RefusalReason, number>> };
  transcripts: { delivered: number; queued: number; failed: number; segments: number };
  summaries: { llm: number; extractive: number; llmFallbacks: number };
  latencyMs: Record<string, LatencySummary>;
}

function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

/**
 * The worker's counters and latency samples, logged as one `metrics` line per
 * room when its job ends (jobs run in their own processes) and by the main
 * process for join decisions. Names: `room.join` (job start → connected),
 * `room.first_transcript`, `turn.stt`, `turn.llm_first_token`,
 * `turn.tts_first_byte`, `turn.first_audio`.
 */
export class AgentMetrics {
  private accepted = 0;
  private readonly refused = new Map<RefusalReason, number>();
  private readonly deliveries = { delivered: 0, queued: 0, failed: 0, segments: 0 };
  private readonly summaries = { llm: 0, extractive: 0, llmFallbacks: 0 };
  private readonly latencies = new Map<string, number[]>();

  joinAccepted(): void {
    this.accepted += 1;
  }

  joinRefused(reason: RefusalReason): void {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
  }

  transcriptHandedOff(delivery: 'delivered' | 'queued', segments: number): void {
    this.deliveries[delivery] += 1;
    this.deliveries.segments += segments;
  }

  transcriptFailed(): void {
    this.deliveries.failed += 1;
  }

  summaryMade(method: 'llm' | 'extractive', fellBack: boolean): void {
    this.summaries[method] += 1;
    if (fellBack) this.summaries.llmFallbacks += 1;
  }

  /** A latency sample in ms; undefined (not measured) is skipped. */
  observe(name: string, ms: number | undefined): void {
    if (ms === undefined || !Number.isFinite(ms)) return;
    const list = this.latencies.get(name) ?? [];
    list.push(ms);
    this.latencies.set(name, list);
  }

  snapshot(): AgentMetricsSnapshot {
    return {
      joins: { accepted: this.accepted, refused: Object.fromEntries(this.refused) },
      transcripts: { ...this.deliveries },
      summaries: { ...this.summaries },
      latencyMs: Object.fromEntries([...this.latencies].map(([name, values]) => [name, summarize(values)])),
    };
  }
}
