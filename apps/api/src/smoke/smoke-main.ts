import { findEnvDir } from '@bot-backend/config';
import { runSmoke, smokeEnv } from './run-smoke.js';

// Real calls cost money and need real keys: never in CI.
if (process.env.CI === 'true' || process.env.CI === '1') {
  process.stdout.write('smoke: not run in CI (it calls the real vendors)\n');
  process.exit(0);
}
const code = await runSmoke({
  env: smokeEnv(findEnvDir(process.cwd()), process.env),
  write: (line) => process.stdout.write(`${line}\n`),
});
process.exit(code);
