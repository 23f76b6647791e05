// `pnpm dev:stack`: the API beside a user-management stand-in, so results can be
// seen landing. The stand-in (embedded PostgreSQL, the real schema) listens on
// USER_MANAGEMENT_PORT (8090); its rows are at http://127.0.0.1:8090/__stand-in/rows.
// The API runs as `pnpm dev` would, with BACKEND_API_URL pointing at the stand-in.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ROWS_PATH, startUserManagementStandIn } from '@bot-backend/testkit';

const port = Number(process.env.USER_MANAGEMENT_PORT ?? '8090');
// A dev-only secret unless one is set; the stand-in and the API share it.
const secret = process.env.INTERNAL_SERVICE_JWT_SECRET ?? `dev-stack-${randomBytes(24).toString('hex')}`;
const standIn = await startUserManagementStandIn({ secret, port });
process.stdout.write(
  `user-management stand-in at ${standIn.url} (${standIn.database}); stored rows: ${standIn.url}${ROWS_PATH}\n`,
);

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
const api = spawn(
  process.execPath,
  ['--conditions=@bot-backend/source', '--import', 'tsx', '--watch', main],
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

const stop = async (signal: NodeJS.Signals) => {
  api.kill(signal);
  await standIn.close();
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
api.on('exit', (code) => {
  void standIn.close().finally(() => process.exit(code ?? 0));
});
