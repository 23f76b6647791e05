// The user-management stand-in as a process, for the compose stack and local runs:
//   INTERNAL_SERVICE_JWT_SECRET=… USER_MANAGEMENT_PORT=8090 node --conditions=@bot-backend/source \
//     --import tsx packages/testkit/src/user-management/stand-in-main.ts
// Rows go to embedded PGlite (listed at /__stand-in/rows). A test fake, not user-management.
import { ROWS_PATH, startUserManagementStandIn } from './user-management-stand-in.js';

const secret = process.env.INTERNAL_SERVICE_JWT_SECRET;
if (!secret || secret.length < 32) {
  process.stderr.write('INTERNAL_SERVICE_JWT_SECRET must be set, at least 32 characters\n');
  process.exit(1);
}
const port = Number(process.env.USER_MANAGEMENT_PORT ?? '8090');
const standIn = await startUserManagementStandIn({ secret, port, host: process.env.USER_MANAGEMENT_HOST });
process.stdout.write(
  `${JSON.stringify({ msg: 'user-management stand-in listening', url: standIn.url, rows: ROWS_PATH })}\n`,
);
const stop = () => void standIn.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
