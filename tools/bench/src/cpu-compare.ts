import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type ClusterUnderTest, startClusterUnderTest } from './cluster-under-test.js';
import { measureLevel } from './concurrency-run.js';
import { concurrencyEnv } from './concurrency-suite.js';
import { type LoadHandle, startLoadProcess, vendorEnv } from './load-handle.js';
import { apiMain } from './spawned-server.js';
import { defaultVendorProfile as profile } from './vendor-profile.js';

/**
 * Server CPU of this checkout against another, side by side: two apps/api
 * clusters, each with its own load process (fakes and candidates), run the
 * same concurrency level at the same time, round after round. Both meet the
 * same load from whoever else uses the machine, so the ratio of their CPU per
 * session holds where one run's figure alone swings by 15%.
 *
 *   node --expose-gc --conditions=@bot-backend/source --import tsx src/cpu-compare.ts \
 *     --against=/path/to/other/checkout [--sessions=100] [--rounds=4] [--seconds=18] [--this-flags="--flag ..."] [--this-workers=N]
 *
 * The other checkout must be installed (its own node_modules). `--against=../..` (run from here) with
 * `--this-flags` weighs Node or V8 flags: the same code, the flags on this side only;
 * `--this-workers` a worker count (this side's cluster size, the other's stays `--workers`).
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const against = arg('against');
if (!against) throw new Error('--against=PATH (another checkout of this repository) is required');
const sessions = Number(arg('sessions') ?? 100);
const rounds = Number(arg('rounds') ?? 4);
const durationMs = Number(arg('seconds') ?? 18) * 1000;
const workers = arg('workers') === undefined ? undefined : Number(arg('workers'));
const thisFlags = arg('this-flags')?.split(' ').filter(Boolean) ?? [];
const thisWorkers = arg('this-workers') === undefined ? workers : Number(arg('this-workers'));
const mains = {
  this: apiMain,
  other: resolve(against, 'apps/api/src/main.ts'),
};
// Checked before anything starts: a side started for a wrong path was left running.
if (!existsSync(mains.other))
  throw new Error(`--against=${against}: no ${mains.other} (a relative path is from ${process.cwd()})`);

interface Side {
  name: keyof typeof mains;
  load: LoadHandle;
  server: ClusterUnderTest;
}

async function startSide(name: keyof typeof mains): Promise<Side> {
  const load = await startLoadProcess();
  try {
    const fakes = await load.ask({ type: 'fakes', profile });
    if (fakes.type !== 'fakes') throw new Error('no fakes');
    const env = { ...vendorEnv(fakes), ...concurrencyEnv };
    const mine = name === 'this';
    const server = await startClusterUnderTest(env, {
      workers: mine ? thisWorkers : workers,
      main: mains[name],
      nodeFlags: mine ? thisFlags : [],
    });
    return { name, load, server };
  } catch (error) {
    await load.close();
    throw error;
  }
}

const level = (side: Side, count: number, ms: number) =>
  measureLevel({
    load: side.load,
    server: side.server,
    profile,
    sessions: count,
    rampMs: 4_000,
    durationMs: ms,
    turnsPerSession: undefined,
    idleRssBytes: 0,
  });

const sides: Side[] = [];
const ratios: { session: number; frame: number }[] = [];
try {
  sides.push(await startSide('this'));
  sides.push(await startSide('other'));
  // A smaller level first: the JIT warms up on both.
  await Promise.all(sides.map((side) => level(side, Math.max(1, Math.round(sessions / 4)), 10_000)));
  for (let round = 0; round < rounds; round++) {
    const [mine, theirs] = await Promise.all(sides.map((side) => level(side, sessions, durationMs)));
    if (!mine || !theirs) throw new Error('a side did not report');
    for (const [name, measured] of [
      ['this', mine],
      ['other', theirs],
    ] as const) {
      const l = measured.level;
      console.log(
        `round ${round + 1} ${name}: CPU per session ${l.cpuPercentPerSession.toFixed(3)}%, per audio frame ${l.cpuUsPerFrame.toFixed(0)} µs, turns ${l.turns}, frames in/out ${l.audioFrames.toServer}/${l.audioFrames.fromServer}, session errors ${l.sessionErrors}, overhead p50/p99 ${l.overheadP50Ms.toFixed(1)}/${l.overheadP99Ms.toFixed(1)} ms`,
      );
      // What went wrong in a session, once per distinct message: a side with errors is not comparable.
      for (const error of new Set(measured.errors)) console.log(`  ${name} session error: ${error}`);
    }
    ratios.push({
      session: mine.level.cpuPercentPerSession / theirs.level.cpuPercentPerSession,
      frame: mine.level.cpuUsPerFrame / theirs.level.cpuUsPerFrame,
    });
  }
} finally {
  for (const side of sides) {
    await side.server.close();
    await side.load.close();
  }
}
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(
  `this${thisFlags.length ? ` (${thisFlags.join(' ')})` : ''}${thisWorkers === workers ? '' : ` (${thisWorkers} workers)`} / other, ${sessions} sessions, ${workers ?? availableParallelism()} workers (other), ${rounds} rounds: CPU per session ×${mean(ratios.map((r) => r.session)).toFixed(3)} (rounds ${ratios.map((r) => r.session.toFixed(3)).join(' ')}), CPU per audio frame ×${mean(ratios.map((r) => r.frame)).toFixed(3)}`,
);
