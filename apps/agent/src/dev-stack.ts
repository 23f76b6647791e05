// `pnpm --filter @bot-backend/agent dev:stack`: the worker beside a user-management
// stand-in (embedded PostgreSQL, the real schema) on USER_MANAGEMENT_PORT (8091), so
// joins can be tried and transcripts seen landing at http://127.0.0.1:8091/__stand-in/rows.
// Every meeting gets {autoJoin: true}; AGENT_CONFIGS='{"iv-1":{"autoJoin":true,"interviewer":true}}'
// sets others per meeting id.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ROWS_PATH, startUserManagementStandIn } from '@bot-backend/testkit';
import { z } from 'zod';

const port = Number(process.env.USER_MANAGEMENT_PORT ?? '8091');
const secret = process.env.INTERNAL_SERVICE_JWT_SECRET ?? `dev-stack-${randomBytes(24).toString('hex')}`;
const agentConfigs = z
  .record(z.string(), z.record(z.string(), z.unknown()))
  .parse(JSON.parse(process.env.AGENT_CONFIGS ?? '{}'));
const standIn = await startUserManagementStandIn({ secret, port, agentConfigs });
process.stdout.write(
  `user-management stand-in at ${standIn.url} (${standIn.database}); stored rows: ${standIn.url}${ROWS_PATH}\n`,
);

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const worker = spawn(
  process.execPath,
  ['--conditions=@bot-backend/source', '--import', 'tsx', main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      BACKEND_API_URL: standIn.url,
      INTERNAL_SERVICE_JWT_SECRET: secret,
      OUTBOX_DIR: process.env.OUTBOX_DIR ?? 'data/outbox-dev-stack',
    },
  },
);

const stop = (signal: NodeJS.Signals) => worker.kill(signal);
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
worker.on('exit', (code) => {
  void standIn.close().finally(() => process.exit(code ?? 0));
});
