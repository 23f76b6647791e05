import { readdirSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface Profile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs `work` under V8's sampling profiler in this process; the functions with the most self time. */
export async function profileDuring<T>(
  work: () => Promise<T>,
  top = 10,
): Promise<{ result: T; top: { fn: string; ms: number; percent: number }[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let result: T;
  let profile: Profile;
  try {
    result = await work();
  } finally {
    profile = ((await session.post('Profiler.stop')) as { profile: Profile }).profile;
    session.disconnect();
  }
  return { result, top: summarize(profile, top) };
}

/**
 * The `.cpuprofile` files `node --cpu-prof` wrote into `dir` (one per process
 * at its exit), summed over their last `lastMs` (the run, not the start-up).
 */
export function summarizeProfileDir(dir: string, lastMs: number, top = 10) {
  const profiles = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as Profile);
  return { processes: profiles.length, top: summarize(profiles, top, lastMs) };
}

/** A run's samples only: `[end - beforeEndMs - lengthMs, end - beforeEndMs]` (no start-up or shutdown). */
export interface ProfileWindow {
  lengthMs: number;
  beforeEndMs: number;
}

/** The functions with the most self time in V8 CPU profiles (from the inspector or `--cpu-prof`). */
export function summarize(
  profiles: Profile | Profile[],
  top: number,
  window: number | ProfileWindow = Number.POSITIVE_INFINITY,
) {
  const span = typeof window === 'number' ? { lengthMs: window, beforeEndMs: 0 } : window;
  const self = new Map<string, number>();
  let total = 0;
  for (const profile of [profiles].flat()) total += addSelfTimes(profile, self, span);
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, micros]) => ({ fn, ms: micros / 1000, percent: total > 0 ? (micros / total) * 100 : 0 }));
}

/** Adds each function's self time (µs) to `self`; returns the profile's total busy time. */
function addSelfTimes(profile: Profile, self: Map<string, number>, span: ProfileWindow): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const to = profile.endTime - span.beforeEndMs * 1000;
  const from = to - span.lengthMs * 1000;
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (at < from || at > to || !node || node.callFrame.functionName === '(idle)') return;
    total += micros;
    // Frames without a script are V8 or Node internals (syscalls, native bindings).
    const file = node.callFrame.url ? node.callFrame.url.split('/').slice(-2).join('/') : '(native)';
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file}`;
    self.set(key, (self.get(key) ?? 0) + micros);
  });
  return total;
}
