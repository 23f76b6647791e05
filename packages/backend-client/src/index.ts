export {
  type BackendClient,
  type BackendClientSettings,
  createBackendClient,
  type PostOptions,
  type PostResult,
  parseResultPayload,
  type RequestOptions,
} from './backend-client.js';
export { BackendError, type BackendErrorKind } from './backend-errors.js';
export {
  type AgentConfig,
  agentConfigSchema,
  backendPaths,
  type EvalResultPayload,
  evalResultPayloadSchema,
  type HealthResponse,
  RESULT_KINDS,
  type ReportPayload,
  type ResultKind,
  reportPayloadSchema,
  resultKinds,
  type TranscriptPayload,
  type TranscriptSegment,
  transcriptPayloadSchema,
} from './backend-schemas.js';
export { type Clock, systemClock } from './clock.js';
export {
  type DeliveryState,
  type Outbox,
  type OutboxEvent,
  type OutboxOptions,
  type OutboxStats,
  openOutbox,
  type PoisonedEntry,
} from './outbox/outbox.js';
export { OutboxJournalError } from './outbox/outbox-journal.js';
export { OutboxLockedError } from './outbox/outbox-lock.js';
export type { OutboxCommonOptions } from './outbox/outbox-types.js';
export { openPostgresOutbox, type PostgresOutboxOptions } from './outbox/postgres-outbox.js';
export type { OutboxDatabase } from './outbox/postgres-outbox-store.js';
export {
  backoffDelayMs,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfterMs,
  type RetryPolicy,
} from './retry-policy.js';
export {
  createServiceTokenSigner,
  MIN_SECRET_LENGTH,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
  SERVICE_TOKEN_TTL_SEC,
  type ServiceTokenSettings,
  type ServiceTokenSigner,
} from './service-token.js';
