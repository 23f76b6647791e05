// A sender process for the SIGKILL test: opens the outbox in OUTBOX_DIR, enqueues
// ENQUEUE results for SESSION (printing each key once it is durable), then runs
// the background sender until the outbox is empty and prints "drained".
import { createBackendClient } from '../backend-client.js';
import { backendPaths } from '../backend-schemas.js';
import { openOutbox } from './outbox.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const client = createBackendClient({ baseUrl: env('BACKEND_URL'), secret: env('SECRET') });
const outbox = await openOutbox({
  dir: env('OUTBOX_DIR'),
  client,
  concurrency: 4,
  backoff: { baseDelayMs: 20, maxDelayMs: 200 },
});
print({ opened: outbox.stats().depth });
const session = env('SESSION');
const count = Number(process.env.ENQUEUE ?? '0');
outbox.start();
for (let i = 0; i < count; i += 1) {
  const { idempotencyKey } = await outbox.enqueue('eval-result', backendPaths.evalResults(session), {
    questionId: `q${i}`,
    score: i % 11,
    feedback: `answer ${i}`,
    gates: { empty: false },
    evaluator: 'rubric',
  });
  print({ enqueued: idempotencyKey });
}
await outbox.drained();
print({ drained: outbox.stats() });
await outbox.close();
await client.dispose();
