import { type ChildProcess, spawn } from 'node:child_process';

// Polls /healthz every 50 ms from its own process, so the test's own work (parsing
// large responses) does not show up as the service's latency. Each line is the
// latency and how late the poller's own timer fired: a poller that was itself
// not scheduled for a while says the machine, not the service, was busy.
const script = `
const url = process.argv[1];
let due = performance.now();
const tick = async () => {
  const started = performance.now();
  const late = started - due;
  try { await (await fetch(url)).text(); process.stdout.write((performance.now() - started).toFixed(1) + ' ' + late.toFixed(1) + '\\n'); }
  catch { process.stdout.write('fail 0\\n'); }
  due = performance.now() + 50;
  setTimeout(tick, 50);
};
tick();
`;

export interface HealthSample {
  /** Request to answer, ms; a failed request is Infinity. */
  ms: number;
  /** How late the poller's own timer fired before this request, ms. */
  pollerLateMs: number;
}

export interface HealthPoller {
  samples(): HealthSample[];
  stop(): void;
}

export function pollHealth(port: number): HealthPoller {
  const child: ChildProcess = spawn(process.execPath, ['-e', script, `http://127.0.0.1:${port}/healthz`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let text = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    text += chunk;
  });
  return {
    samples: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [ms, late] = line.split(' ');
          return { ms: ms === 'fail' ? Number.POSITIVE_INFINITY : Number(ms), pollerLateMs: Number(late) };
        }),
    stop: () => child.kill('SIGKILL'),
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.POSITIVE_INFINITY;
}
