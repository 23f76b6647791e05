/** A process tree's CPU time, read at a moment of a run. */
export interface CpuSample {
  /** Since the run began. */
  atMs: number;
  cpuMs: number;
}

/**
 * CPU (percent of one core) between two moments of a run, from the samples
 * closest inside them; undefined when fewer than `minMs` lie between those.
 * A level's whole-run figure also holds each session's start (its socket,
 * the vendors' connections, the greeting), paid once per interview; this one,
 * over the stretch where every session is up, is what an ongoing interview
 * costs, and so what decides the sessions a core holds.
 */
export function cpuPercentBetween(
  samples: readonly CpuSample[],
  fromMs: number,
  toMs: number,
  minMs = 2_000,
): number | undefined {
  const first = samples.find((s) => s.atMs >= fromMs);
  const last = samples.findLast((s) => s.atMs <= toMs);
  if (!first || !last || last.atMs - first.atMs < minMs) return undefined;
  return ((last.cpuMs - first.cpuMs) / (last.atMs - first.atMs)) * 100;
}

/** After the last session began: its socket, its vendors' connections and its greeting's words are done. */
export const ALL_UP_SETTLE_MS = 3_000;
