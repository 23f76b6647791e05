import type { TransportKind } from './interview-transport.js';
import { type LlmMode, runPersona } from './persona-run.js';
import { type PersonaName, personas } from './personas.js';
import {
  buildPersonaReport,
  type LlmModes,
  type PersonaReport,
  type SimReport,
  stability,
} from './sim-report.js';
import { espeakVersion, SpeechSynthesizer } from './speech-synthesizer.js';
import { defaultTurnTakingLimits, type TurnTakingLimits } from './turn-taking.js';

export interface SimulationOptions {
  personas: readonly PersonaName[];
  /** Runs per persona, for score stability. */
  repeats?: number | undefined;
  timeScale?: number | undefined;
  /** Runs at once (each has its own vendor fakes). */
  concurrency?: number | undefined;
  seed?: number | undefined;
  /** Over apps/api's /ws/voice (default) or straight into the engine. */
  transport?: TransportKind | undefined;
  /** The interviewer with the LLM fake, offline, or both (each persona runs once per mode and repeat). */
  llm?: LlmModes | undefined;
  limits?: TurnTakingLimits | undefined;
  onRun?: ((report: PersonaReport) => void) | undefined;
}

export class EspeakMissingError extends Error {
  override readonly name = 'EspeakMissingError';
  constructor() {
    super('espeak-ng is not installed (Debian: apt-get install espeak-ng); the personas need it to speak');
  }
}

/** Runs each persona `repeats` times and gathers the reports. */
export async function runSimulation(options: SimulationOptions): Promise<SimReport> {
  const espeak = espeakVersion();
  if (!espeak) throw new EspeakMissingError();
  const timeScale = options.timeScale ?? 4;
  const repeats = options.repeats ?? 1;
  const limits = options.limits ?? defaultTurnTakingLimits;
  const synthesizer = new SpeechSynthesizer({ timeScale });
  const llm = options.llm ?? 'both';
  const modes: LlmMode[] = llm === 'both' ? ['fake', 'none'] : [llm];
  const jobs = options.personas.flatMap((name) =>
    modes.flatMap((mode) => Array.from({ length: repeats }, () => ({ name, mode }))),
  );
  const reports: PersonaReport[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      const run = await runPersona({
        persona: personas[job.name],
        llm: job.mode,
        synthesizer,
        timeScale,
        seed: options.seed,
        transport: options.transport,
      });
      const report = buildPersonaReport(run, limits);
      reports[index] = report;
      options.onRun?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
  return {
    startedAt: new Date().toISOString(),
    timeScale,
    transport: options.transport ?? 'socket',
    llm,
    repeats,
    espeak,
    limits,
    runs: reports,
    stability: options.personas.flatMap((name) =>
      modes.map((mode) => stability(reports.filter((r) => r.persona === name && r.llm === mode))),
    ),
  };
}
