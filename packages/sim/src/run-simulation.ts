import type { TransportKind } from './interview-transport.js';
import { runPersona } from './persona-run.js';
import { type PersonaName, personas } from './personas.js';
import { buildPersonaReport, type PersonaReport, type SimReport, stability } from './sim-report.js';
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
  const jobs = options.personas.flatMap((name) => Array.from({ length: repeats }, () => name));
  const reports: PersonaReport[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const run = await runPersona({
        persona: personas[jobs[index]!],
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
    repeats,
    espeak,
    limits,
    runs: reports,
    stability: options.personas.map((name) => stability(reports.filter((r) => r.persona === name))),
  };
}
