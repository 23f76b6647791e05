import type { CodeEvaluation, VerbalEvaluation } from '@bot-backend/interview';

/** What happened to a result posted to user-management. */
export type DeliveryStatus = 'delivered' | 'queued' | 'off';

/** The caller's `Idempotency-Key`, when it sent one: a retried request then posts no second row. */
type Keyed = { idempotencyKey?: string | undefined };

export type EvaluationDeliveryItem =
  | ({ kind: 'verbal'; sessionId: string; questionId: string; result: VerbalEvaluation } & Keyed)
  | ({ kind: 'code'; sessionId: string; questionId: string; result: CodeEvaluation } & Keyed);

/**
 * Posts one evaluation to user-management (`delivered`), or keeps it in the
 * outbox for later (`queued`). Absent when BACKEND_API_URL is not set: the
 * response then says `off`.
 */
export type DeliverEvaluation = (item: EvaluationDeliveryItem) => Promise<DeliveryStatus>;
