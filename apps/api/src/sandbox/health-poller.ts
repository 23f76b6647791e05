import { type ChildProcess, spawn } from 'node:child_process';

// Every 50 ms, from a process of its own (so the test's own work, parsing large
// responses, does not show up as the service's latency), asks a control server
// and then the service for /healthz. The control is a trivial HTTP server in
// another plain process: when it is slow too, the shared machine was busy at
// that instant (other processes on the two cores), not the service.
const script = `
const { spawn } = require('node:child_process');
const control = spawn(process.execPath, ['-e', "const s = require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'ignore'] });
// stop() sends SIGTERM, which skips 'exit' unless handled: the control server must not outlive this process.
process.on('exit', () => control.kill('SIGKILL'));
process.on('SIGTERM', () => process.exit(0));
const timed = async (url) => {
  const started = performance.now();
  try { await (await fetch(url)).text(); return (performance.now() - started).toFixed(1); } catch { return 'fail'; }
};
control.stdout.once('data', (port) => {
  const controlUrl = 'http://127.0.0.1:' + String(port).trim() + '/healthz';
  const tick = async () => {
    const controlMs = await timed(controlUrl);
    const ms = await timed(process.argv[1]);
    process.stdout.write(ms + ' ' + controlMs + '\\n');
    setTimeout(tick, 50);
  };
  tick();
});
`;

export interface HealthSample {
  /** The service's /healthz, request to answer, ms; a failed request is Infinity. */
  ms: number;
  /** The control server just before, ms. */
  controlMs: number;
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
  const parse = (value: string | undefined) => (value === 'fail' ? Number.POSITIVE_INFINITY : Number(value));
  return {
    samples: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [ms, control] = line.split(' ');
          return { ms: parse(ms), controlMs: parse(control) };
        }),
    stop: () => child.kill('SIGTERM'),
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.POSITIVE_INFINITY;
}
