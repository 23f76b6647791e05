/**
 * The program Judge0 runs for a JavaScript or TypeScript answer (TypeScript
 * loses its types here first, as in the local runner). It reads the job from
 * stdin, evaluates the candidate's code in a fresh `vm` context (no require,
 * process or Node APIs, like the local isolate; `vm`'s timeout interrupts a
 * test that spins) and writes one JSON line per test to stdout; `console`
 * writes to stderr, bounded. Node.js 12 (Judge0 CE's JavaScript) and later;
 * isolate, not `vm`, confines the program.
 */
export const javascriptHarness = String.raw`
'use strict';
const fs = require('fs');
const vm = require('vm');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const started = Date.now();
let printed = 0;
let exceeded = false;
let reported = 0;

function send(message) {
  let line = JSON.stringify(message);
  if (Buffer.byteLength(line) > job.valueBytes) {
    line = JSON.stringify({ status: 'error', ms: message.ms || 0, error: 'the return value is larger than ' + job.valueBytes + ' bytes' });
  }
  if (reported + Buffer.byteLength(line) + 1 > job.reportBytes) {
    line = JSON.stringify({ status: 'error', ms: 0, error: 'the results are larger than ' + job.reportBytes + ' bytes' });
  }
  reported += Buffer.byteLength(line) + 1;
  fs.writeSync(1, line + '\n');
}

function print(text) {
  if (exceeded) throw new Error('output limit exceeded');
  const bytes = Buffer.from(String(text) + '\n');
  const room = job.outputBytes - printed;
  if (bytes.length > room) {
    if (room > 0) fs.writeSync(2, bytes.subarray(0, room));
    printed = job.outputBytes;
    exceeded = true;
    throw new Error('output limit exceeded');
  }
  fs.writeSync(2, bytes);
  printed += bytes.length;
}

function describe(error) {
  if (error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'time limit of ' + job.perTestMs + ' ms exceeded';
  if (exceeded) return 'output limit exceeded';
  const message = error && typeof error.message === 'string' ? error.message : String(error);
  const name = error && typeof error.name === 'string' && error.name !== 'Error' ? error.name + ': ' : '';
  return (name + message).split('\n')[0].slice(0, 300);
}

const context = vm.createContext({ __print: print });
vm.runInContext(
  'var module = { exports: {} }; var exports = module.exports;' +
    'const __fmt = (args) => args.map((a) => typeof a === "string" ? a : (() => { try { return JSON.stringify(a); } catch (e) { return String(a); } })()).join(" ");' +
    'globalThis.console = { log: (...a) => __print(__fmt(a)), error: (...a) => __print(__fmt(a)), warn: (...a) => __print(__fmt(a)), info: (...a) => __print(__fmt(a)) };',
  context,
);

function main() {
  try {
    new vm.Script(job.code, { filename: 'solution.js' }).runInContext(context, { timeout: job.perTestMs });
  } catch (error) {
    const setup = error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? 'timeout' : 'error';
    send({ setup: setup, error: describe(error), output: exceeded ? 'exceeded' : undefined });
    return;
  }
  send({ setup: 'ok' });
  const call = '(() => { const fn = typeof ' + job.entryPoint + " === 'function' ? " + job.entryPoint +
    ' : (module.exports && (module.exports.' + job.entryPoint + ' || module.exports.default));' +
    " if (typeof fn !== 'function') throw new ReferenceError('entry point " + job.entryPoint + " is not defined');" +
    ' const value = fn(...JSON.parse(__args)); return JSON.stringify(value === undefined ? null : value); })()';
  for (const args of job.tests) {
    if (Date.now() - started > job.totalMs) {
      send({ status: 'error', ms: 0, error: 'total time limit reached' });
      continue;
    }
    context.__args = JSON.stringify(args);
    const begun = Date.now();
    try {
      const raw = vm.runInContext(call, context, { timeout: job.perTestMs });
      const ms = Date.now() - begun;
      if (exceeded) throw new Error('output limit exceeded');
      if (typeof raw === 'string' && Buffer.byteLength(raw) > job.valueBytes) {
        send({ status: 'error', ms: ms, error: 'the return value is larger than ' + job.valueBytes + ' bytes' });
        continue;
      }
      // Parsed here, outside the program's realm, so a replaced JSON.stringify cannot break the line.
      send({ status: 'ok', value: typeof raw === 'string' ? JSON.parse(raw) : null, ms: ms });
    } catch (error) {
      const timedOut = error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
      send({ status: timedOut ? 'timeout' : 'error', error: describe(error), ms: Date.now() - begun, output: exceeded ? 'exceeded' : undefined });
      if (exceeded) return;
    }
  }
}

main();
`;
