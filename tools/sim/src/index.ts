export { checkEvidence, type EvidenceCheck } from './evidence-check.js';
export {
  engineTransport,
  type InterviewTransport,
  socketTransport,
  type TransportKind,
} from './interview-transport.js';
export type { AnswerPart, AnswerQuality } from './persona-answers.js';
export { type CandidateAnswer, type PersonaRun, type PersonaRunOptions, runPersona } from './persona-run.js';
export { type Persona, type PersonaName, personaNames, personas } from './personas.js';
export { formatReport } from './report-table.js';
export { EspeakMissingError, runSimulation, type SimulationOptions } from './run-simulation.js';
export { simBudgetsSec, simPlan } from './sim-plan.js';
export {
  buildPersonaReport,
  type PersonaReport,
  type SimReport,
  type Stability,
  stability,
} from './sim-report.js';
export { espeakVersion, SpeechSynthesizer } from './speech-synthesizer.js';
export {
  analyzeTurnTaking,
  defaultTurnTakingLimits,
  type TurnTaking,
  type TurnTakingLimits,
} from './turn-taking.js';
