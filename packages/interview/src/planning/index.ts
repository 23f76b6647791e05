export {
  difficultyTargets,
  PlanRequestError,
  planFromBank,
  planLanguage,
  questionFitsRole,
  resolveRole,
  scaledSeconds,
  toPlanQuestion,
} from './bank-planner.js';
export {
  type BankQuestion,
  bankQuestionSchema,
  type CodeVariant,
  type ExperienceLevel,
  experienceLevelSchema as bankLevelSchema,
  type Role,
  roleSchema as bankRoleSchema,
} from './bank-schema.js';
export { codeOutputMatches } from './code-test-compare.js';
export {
  buildPlanMessages,
  type LlmPlanFallbackReason,
  type LlmPlannerOptions,
  type LlmPlanOutput,
  llmPlanOutputSchema,
  type PlanOutcome,
  planAsLlmOutput,
  planFromLlmOutput,
  planInterview,
  planWithLlm,
} from './llm-planner.js';
export {
  type AnswerAssessment,
  type AnswerEvaluation,
  type AnswerRecord,
  answerAssessments,
  answerEvaluationSchema,
  answerRecordSchema,
  assessAnswer,
  type NextStep,
  NextStepError,
  type NextStepInput,
  nextStep,
  nextStepInputSchema,
  nextStepSchema,
} from './next-step.js';
export { formatPhases, phaseBudgets } from './phase-budget.js';
export {
  checkPlanInvariants,
  type PlanViolation,
  type ViolationCode,
  violationCodes,
} from './plan-invariants.js';
export {
  type CodeTestCase,
  type CodingLanguage,
  codeTestCaseSchema as planCodeTestCaseSchema,
  codingLanguages,
  createPlanRequestSchema,
  type ExperienceLevelId,
  experienceLevelIds,
  type InterviewFormat,
  interviewFormats,
  type PhaseName,
  type Plan,
  type PlannerName,
  type PlanPhase,
  type PlanQuestion,
  type PlanRequest,
  phaseNames,
  planLimits,
  planPhaseSchema,
  planQuestionSchema,
  planSchema,
} from './plan-schema.js';
export {
  BankFileError,
  createQuestionBank,
  defaultBankDir,
  defaultQuestionBank,
  loadQuestionBank,
  type QuestionBank,
} from './question-bank.js';
export { type SeededRandom, seededRandom } from './seeded-random.js';
export { isNearDuplicate, nearDuplicateThreshold, textSimilarity } from './text-similarity.js';
