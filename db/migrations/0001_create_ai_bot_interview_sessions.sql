-- One row per result this repo delivers to user-management; first, the scored
-- answers of an interview session. The idempotency key is unique
-- per session, so a post that is retried or replayed from the outbox cannot
-- append a second row.
CREATE TABLE ai_bot_interview_sessions (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL,
  meeting_id text,
  question_id text,
  kind text NOT NULL,
  score smallint,
  feedback text,
  gates jsonb NOT NULL DEFAULT '{}'::jsonb,
  evaluator text,
  model text,
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ai_bot_interview_sessions_idempotency_key_unique UNIQUE (session_id, idempotency_key),
  CONSTRAINT ai_bot_interview_sessions_kind_check CHECK (kind IN ('eval_result')),
  CONSTRAINT ai_bot_interview_sessions_score_check CHECK (score IS NULL OR score BETWEEN 0 AND 10)
);
