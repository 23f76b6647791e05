export { type ConformancePrograms, conformancePrograms } from './conformance-programs.js';
export {
  type ConformanceBehaviour,
  conformanceLimits,
  describeRunnerConformance,
  type RunnerUnderTest,
} from './runner-conformance.js';
