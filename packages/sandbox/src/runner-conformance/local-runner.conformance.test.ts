import { createSandbox } from '../sandbox.js';
import { describeRunnerConformance } from './runner-conformance.js';

describeRunnerConformance('local sandbox', (limits) => ({ sandbox: createSandbox(limits) }));
