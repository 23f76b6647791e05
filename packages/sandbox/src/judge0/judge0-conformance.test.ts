import { startJudge0Fake } from '@bot-backend/testkit';
import { describeRunnerConformance } from '../runner-conformance/runner-conformance.js';
import { createJudge0Sandbox } from './judge0-sandbox.js';

// The Judge0 runner against a loopback Judge0 CE that runs the programs for real.
describeRunnerConformance('Judge0 runner', async (limits) => {
  const fake = await startJudge0Fake({ authToken: 'conformance-token', workers: 2 });
  return {
    sandbox: createJudge0Sandbox({ url: fake.url, authToken: 'conformance-token', limits, pollMs: 50 }),
    close: () => fake.close(),
  };
});
