import { timeTrivialPythonRuns } from '@bot-backend/sandbox';
import { type Spread, spread } from './stats.js';

export interface SandboxOverhead {
  runs: number;
  /** A trivial Python run as candidates' code runs: supervisor-side runner, bubblewrap, seccomp. */
  confinedMs: Spread;
  /** The same harness started directly, no bubblewrap (the path before confinement). */
  unconfinedMs: Spread;
}

/** Per-run cost of the confinement: the same trivial run, alternately confined and not. */
export async function measureSandboxOverhead(runs: number): Promise<SandboxOverhead> {
  const confined: number[] = [];
  const unconfined: number[] = [];
  // Alternating in small batches spreads the machine's other load evenly over both.
  for (let done = 0; done < runs; done += 5) {
    const batch = Math.min(5, runs - done);
    unconfined.push(...(await timeTrivialPythonRuns({ confined: false, runs: batch })));
    confined.push(...(await timeTrivialPythonRuns({ confined: true, runs: batch })));
  }
  return { runs, confinedMs: spread(confined), unconfinedMs: spread(unconfined) };
}
