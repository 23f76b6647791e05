/**
 * bystander.ts's process: `node --import tsx src/bystander-probe.ts <delayMs>`. Prints `ready`,
 * waits `delayMs`, measures until SIGTERM, then prints one JSON line and exits.
 */
import { timerLateness } from './bystander.js';

const delayMs = Number(process.argv[2] ?? 0);
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
process.stdout.write('ready\n');
await new Promise((resolve) => setTimeout(resolve, delayMs));
process.stdout.write(`${JSON.stringify(await timerLateness(stop.signal))}\n`);
