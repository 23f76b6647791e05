import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness the supervisor runs candidates' code at: it yields the CPU to the service. */
export const supervisorNice = 10;

/**
 * Lowers every thread of this process to `nice` (on Linux a niceness belongs to
 * a thread, and a new thread takes its creator's). Called once the supervisor
 * has started: its start (loading modules, probing the confinement) runs at
 * the service's priority, which on a busy machine is seconds instead of tens of
 * seconds, and everything after it, isolates and Python alike, runs lowered.
 * Threads are listed until a pass finds none left unlowered, so one started
 * during a pass is caught by the next.
 */
export function yieldCpu(nice: number = supervisorNice): void {
  const lowered = new Set<number>();
  for (let pass = 0; pass < 10; pass++) {
    const threads = listThreads();
    if (!threads) {
      // No /proc (not Linux): the process as a whole.
      setPriority(0, nice);
      return;
    }
    const fresh = threads.filter((tid) => !lowered.has(tid));
    if (fresh.length === 0) return;
    for (const tid of fresh) {
      try {
        setPriority(tid, nice);
      } catch {
        // The thread ended between the listing and now.
      }
      lowered.add(tid);
    }
  }
}

function listThreads(): number[] | undefined {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return undefined;
  }
}
