import { execFileSync } from 'node:child_process';

/**
 * A fixed piece of single-threaded CPU work (JSON, strings, base64, array
 * writes), timed in a fresh Node process: how fast this machine runs at the
 * moment. On a shared virtual machine the same code's figures move with the
 * host (one day's CPU per session at 100 sessions went from 0.57% to 0.81%
 * with no change to the code), so a report carries this beside its figures,
 * and two reports are compared only where it agrees.
 */
const work = `
let acc = 0;
const runs = [];
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  for (let r = 0; r < 60; r++) {
    const rows = [];
    for (let i = 0; i < 2000; i++) rows.push({ a: i, b: 'x' + i, c: [i, i * 2] });
    acc += JSON.parse(JSON.stringify(rows)).length;
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = i;
    acc += bytes.toString('base64').length;
  }
  runs.push(performance.now() - started);
}
runs.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ medianMs: runs[2], acc }));
`;

/** The reference work's time at a run's start and at its end, ms (undefined: it could not run). */
export type ReferenceWorkMs = [atStart: number | undefined, atEnd: number | undefined];

/** The reference work's median time over 5 runs, ms; undefined when the child could not run it. */
export function referenceWorkMs(): number | undefined {
  try {
    const out = execFileSync(process.execPath, ['-e', work], { encoding: 'utf8', timeout: 60_000 });
    const { medianMs } = JSON.parse(out) as { medianMs: number };
    return Number.isFinite(medianMs) ? medianMs : undefined;
  } catch {
    return undefined;
  }
}
