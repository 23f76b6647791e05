import { createSandbox } from '../sandbox.js';
import { describeRunnerConformance } from './runner-conformance.js';

describeRunnerConformance('local sandbox', (limits) => ({ sandbox: createSandbox(limits) }), {
  knownGaps: [
    {
      language: 'python',
      behaviour: 'outputLimit',
      reason:
        'results that reach the parent before the kill still pass, so a run over the output limit can pass',
    },
  ],
});
