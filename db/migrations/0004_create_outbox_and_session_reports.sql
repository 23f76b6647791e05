-- State the API replicas share when DATABASE_URL is set (apart from the
-- ai_bot_interview_sessions rows user-management stores).
--
-- bot_outbox: results not yet acknowledged by user-management. A replica claims
-- due rows with FOR UPDATE SKIP LOCKED and holds them for a lease
-- (claimed_until); a replica that dies lets its lease run out and another takes
-- the row, with the same idempotency key. A delivered row is deleted; a refused
-- one is kept with poisoned_at set, for an operator.
CREATE TABLE bot_outbox (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  path text NOT NULL,
  payload jsonb NOT NULL,
  idempotency_key text NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_until timestamptz,
  last_error text,
  poisoned_at timestamptz,
  poison_reason text,
  poison_status integer,
  CONSTRAINT bot_outbox_kind_check CHECK (kind IN ('eval-result', 'report', 'transcript'))
);

-- The sender's question: which rows are due and unclaimed (or whose lease ran out).
CREATE INDEX bot_outbox_due_idx ON bot_outbox (next_attempt_at) WHERE poisoned_at IS NULL;

-- bot_session_reports: the interviews any replica ran, so any replica serves
-- GET /v1/sessions/{id}/report. Rows older than the report TTL are deleted.
CREATE TABLE bot_session_reports (
  session_id text PRIMARY KEY,
  status text NOT NULL,
  role text NOT NULL,
  experience_level text NOT NULL,
  format text NOT NULL,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  summary jsonb,
  CONSTRAINT bot_session_reports_status_check CHECK (status IN ('ongoing', 'finished')),
  CONSTRAINT bot_session_reports_summary_check CHECK (status = 'ongoing' OR summary IS NOT NULL)
);

CREATE INDEX bot_session_reports_updated_idx ON bot_session_reports (updated_at);
