-- The end-of-interview report and the meeting transcript land in the same
-- table: `kind` says which, and only those rows carry a transcript or summary.
-- The whole posted body is kept too, because result shapes may gain fields.
ALTER TABLE ai_bot_interview_sessions
  ADD COLUMN transcript jsonb,
  ADD COLUMN summary text,
  ADD COLUMN payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE ai_bot_interview_sessions DROP CONSTRAINT ai_bot_interview_sessions_kind_check;

ALTER TABLE ai_bot_interview_sessions
  ADD CONSTRAINT ai_bot_interview_sessions_kind_check
    CHECK (kind IN ('eval_result', 'report', 'transcript')),
  ADD CONSTRAINT ai_bot_interview_sessions_transcript_check
    CHECK (transcript IS NULL OR kind = 'transcript');
