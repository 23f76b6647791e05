import type { ConcurrencyLevel } from './report.js';
import { ALL_UP_SETTLE_MS } from './steady-cpu.js';

const ALL_UP_NOTE = `${ALL_UP_SETTLE_MS / 1000} s after the last session began to the end of the load, so without the sessions' starts, which an interview pays once`;

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

// The table's columns, so its alignment row always has one cell per column.
const levelColumns = [
  'sessions',
  'turns',
  'overhead p50',
  'overhead p99',
  'overhead max',
  'overhead p99, all up (turns)',
  'loop delay p50 / p99 / max',
  'CPU (one core)',
  'CPU per session',
  'CPU per session, all up',
  'CPU per audio frame',
  'RSS',
  'RSS per session',
  'load process CPU',
  'load process loop p99',
  "a bystander's 4 ms timer, late p99 / max",
  'session errors',
  'LLM circuit changes',
  'preemptive replies used / discarded of generated',
];

/** How the concurrency levels' server ran. */
export interface ConcurrencyServer {
  /** Cluster workers serving /ws/voice (as `pnpm start` runs on this machine unless the run said otherwise). */
  workers: number;
  cores: number;
}

/** The concurrency tables and the largest level within the overhead target. */
export function concurrencyLines(levels: readonly ConcurrencyLevel[], server: ConcurrencyServer): string[] {
  const lines = [
    `**Concurrent sessions** (real-time 20 ms frames, taking turns; apps/api in its own processes as \`pnpm start\` runs it, ${server.workers} worker${server.workers === 1 ? '' : 's'} on ${server.cores} cores; CPU and memory summed over the primary, its workers and their helpers; the load process on the same machine; "all up": from ${ALL_UP_NOTE})`,
    '',
    row(levelColumns),
    row(levelColumns.map(() => '---:')),
  ];
  for (const c of levels) {
    lines.push(
      row([
        c.sessions,
        c.turns,
        `${f(c.overheadP50Ms)} ms`,
        `${f(c.overheadP99Ms)} ms`,
        `${f(c.overheadMaxMs)} ms`,
        c.allUpOverheadP99Ms === undefined ? 'n/a' : `${f(c.allUpOverheadP99Ms)} ms (${c.allUpTurns})`,
        `${f(c.loopDelayP50Ms)} / ${f(c.loopDelayP99Ms)} / ${f(c.loopDelayMaxMs)} ms`,
        `${f(c.cpuPercent, 0)}%`,
        `${f(c.cpuPercentPerSession, 2)}%`,
        c.allUpCpuPercentPerSession === undefined ? 'n/a' : `${f(c.allUpCpuPercentPerSession, 2)}%`,
        `${f(c.cpuUsPerFrame, 0)} µs`,
        `${f(c.rssMb, 0)} MB`,
        `${f(c.rssMbPerSession, 2)} MB`,
        `${f(c.loadProcessCpuPercent, 0)}%`,
        `${f(c.loadProcessLoopDelayP99Ms)} ms`,
        c.bystanderLateMs ? `${f(c.bystanderLateMs.p99)} / ${f(c.bystanderLateMs.max)} ms` : 'n/a',
        c.sessionErrors > 0 ? `${c.sessionErrors} (${c.sampleErrors[0] ?? ''})` : '0',
        c.llmCircuitChanges,
        `${c.preemptiveReplies.used} / ${c.preemptiveReplies.discarded} of ${c.preemptiveReplies.generated}`,
      ]),
    );
  }
  const largest = levels.filter((c) => c.overheadP99Ms <= 20).at(-1);
  lines.push(
    '',
    'Where the overhead goes (median / p99, ms): STT path, LLM call beyond its first token, TTS call beyond its first byte, the rest',
    '',
    row(['sessions', 'STT path', 'LLM call', 'TTS call', 'rest']),
    row(['---:', '---:', '---:', '---:', '---:']),
    ...levels.map((c) =>
      row([
        c.sessions,
        ...(['sttPathMs', 'llmExtraMs', 'ttsExtraMs', 'restMs'] as const).map(
          (k) => `${f(c.parts[k].median)} / ${f(c.parts[k].p99)}`,
        ),
      ]),
    ),
    '',
    `Largest N with overhead p99 ≤ 20 ms: **${largest ? largest.sessions : 'none of those tried'}**${largest ? `, ${Math.floor(largest.sessions / server.workers)} per worker (what \`VOICE_MAX_SESSIONS\` is set from)` : ''}.`,
  );
  return lines;
}
