import { readFile } from 'node:fs/promises';
import { checkResponseGapTargets, personasFromSimReport } from './response-gap-targets.js';

// Prints the response-gap targets of a `pnpm sim` report.json as a markdown table:
//   node --conditions=@bot-backend/source --import tsx bench/src/sim-targets.ts <report.json>
const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: sim-targets.ts <pnpm sim report.json>\n');
  process.exitCode = 2;
} else {
  const checks = checkResponseGapTargets(
    undefined,
    personasFromSimReport(JSON.parse(await readFile(path, 'utf8'))),
  );
  const lines = ['| target | measured | met |', '| --- | --- | --- |'];
  for (const c of checks) lines.push(`| ${c.target} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (checks.some((c) => !c.met)) process.exitCode = 1;
}
