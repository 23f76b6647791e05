export { type App, createApp } from './app.js';
export type { AppDeps, AppEnv } from './deps.js';
export { ApiError, type ApiErrorDetail, type ApiErrorOptions } from './errors/api-error.js';
export { type ErrorBody, errorBody } from './errors/error-body.js';
export { type ApiErrorCode, apiErrorCodes } from './errors/error-codes.js';
export { toDetails, validate } from './http/validate.js';
export { type InProcessDepsOptions, inProcessDeps } from './in-process-deps.js';
export { Lifecycle, type ShutdownHook } from './lifecycle/lifecycle.js';
export { createLogger, type Logger, type LoggerOptions } from './observability/logger.js';
export { type AppMetrics, createMetrics } from './observability/metrics.js';
export {
  type ReadinessCheck,
  ReadinessChecks,
  type ReadinessReport,
  type ReadinessResult,
} from './readiness/readiness-checks.js';
export { evaluateCodeExample, evaluateExample } from './routes/evaluate-examples.js';
export { type RunningServer, startServer } from './server.js';
