import { fakeRuntimeMissing, startJudge0Fake } from '@bot-backend/testkit';
import { describeRunnerConformance } from '../runner-conformance/runner-conformance.js';
import { runnableLanguages } from '../sandbox-types.js';
import { createJudge0Sandbox } from './judge0-sandbox.js';

// Java and C++ run only where the fake finds a JDK and g++; CI installs both (.ci/servers.sh) and must not skip them.
const missing = { java: fakeRuntimeMissing('java'), cpp: fakeRuntimeMissing('cpp') };
for (const reason of Object.values(missing)) if (reason) console.warn(`skipping conformance: ${reason}`);

// The Judge0 runner against a loopback Judge0 CE that runs the programs for real.
describeRunnerConformance(
  'Judge0 runner',
  async (limits) => {
    const fake = await startJudge0Fake({ authToken: 'conformance-token', workers: 2 });
    return {
      sandbox: createJudge0Sandbox({ url: fake.url, authToken: 'conformance-token', limits, pollMs: 50 }),
      close: () => fake.close(),
    };
  },
  // javac, g++ and a JVM start take seconds on a loaded 2-core machine.
  {
    languages: runnableLanguages.filter((l) => !(l === 'java' || l === 'cpp') || !missing[l]),
    timeoutMs: 60_000,
  },
);
