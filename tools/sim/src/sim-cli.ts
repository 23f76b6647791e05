import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type PersonaName, personaNames } from './personas.js';
import { formatReport } from './report-table.js';
import { EspeakMissingError, runSimulation } from './run-simulation.js';

const usage = `pnpm sim [--persona NAME[,NAME…]] [--repeats N] [--time-scale K] [--concurrency N] [--seed N] [--transport socket|engine] [--llm both|fake|none] [--out DIR]
  personas: ${personaNames.join(', ')}
  Runs each persona through a whole voice interview (espeak-ng speech, vendor fakes, no keys),
  with the interviewer's LLM (the OpenAI fake) and offline (--llm both, the default),
  writes one JSON report per run under results/ and prints a table per persona.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      persona: { type: 'string', multiple: true },
      repeats: { type: 'string', default: '2' },
      'time-scale': { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '3' },
      seed: { type: 'string', default: '7' },
      transport: { type: 'string', default: 'socket' },
      llm: { type: 'string', default: 'both' },
      out: { type: 'string', default: fileURLToPath(new URL('../results/', import.meta.url)) },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const chosen = (values.persona ?? [...personaNames]).flatMap((p) => p.split(',')).map((p) => p.trim());
  const unknown = chosen.filter((p) => !(personaNames as readonly string[]).includes(p));
  if (unknown.length > 0) {
    console.error(`unknown persona: ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const numbers = {
    repeats: Number(values.repeats),
    timeScale: Number(values['time-scale']),
    concurrency: Number(values.concurrency),
    seed: Number(values.seed),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value) || value <= 0) {
      console.error(`--${name} must be a positive number\n${usage}`);
      return 2;
    }
  }
  if (values.transport !== 'socket' && values.transport !== 'engine') {
    console.error(`--transport is socket (apps/api's /ws/voice) or engine (in-process)\n${usage}`);
    return 2;
  }
  const transport = values.transport;
  const llm = values.llm;
  if (llm !== 'both' && llm !== 'fake' && llm !== 'none') {
    console.error(`--llm is both, fake (the OpenAI fake) or none (offline)\n${usage}`);
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(values.out, stamp);
  await mkdir(dir, { recursive: true });
  let written = 0;
  try {
    const report = await runSimulation({
      personas: chosen as PersonaName[],
      repeats: numbers.repeats,
      timeScale: numbers.timeScale,
      concurrency: numbers.concurrency,
      seed: numbers.seed,
      transport,
      llm,
      onRun: (run) => {
        written += 1;
        const file = join(dir, `${run.persona}-${run.llm === 'fake' ? 'llm' : 'offline'}-${written}.json`);
        void writeFile(file, `${JSON.stringify(run, null, 2)}\n`);
        console.log(
          `  ${run.persona} (${run.llm === 'fake' ? 'LLM fake' : 'offline'}): ended ${run.endedBy}, overall ${run.overallScore ?? '-'} (${(run.wallMs / 1000).toFixed(0)} s) → ${file}`,
        );
      },
    });
    await writeFile(
      join(dir, 'report.json'),
      `${JSON.stringify({ ...report, runs: report.runs.map(({ summary: _s, ...rest }) => rest) }, null, 2)}\n`,
    );
    console.log(`\n${formatReport(report)}\n\nreports: ${dir}`);
    return 0;
  } catch (error) {
    if (error instanceof EspeakMissingError) {
      console.error(`pnpm sim: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
