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
 * The functions with the most self time in a V8 CPU profile (from the inspector or `--cpu-prof`);
 * `window` keeps the samples of `[end - beforeEndMs - lengthMs, end - beforeEndMs]` only (a run
 * without the process's start-up and shutdown).
 */
export function summarize(profile: Profile, top: number, window?: { lengthMs: number; beforeEndMs: number }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const to = profile.endTime - (window?.beforeEndMs ?? 0) * 1000;
  const from = window ? to - window.lengthMs * 1000 : Number.NEGATIVE_INFINITY;
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (at < from || at > to) return;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += micros;
    // Frames without a script are V8 or Node internals (syscalls, native bindings).
    const file = node.callFrame.url ? node.callFrame.url.split('/').slice(-2).join('/') : '(native)';
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file}`;
    self.set(key, (self.get(key) ?? 0) + micros);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, micros]) => ({ fn, ms: micros / 1000, percent: total > 0 ? (micros / total) * 100 : 0 }));
}
