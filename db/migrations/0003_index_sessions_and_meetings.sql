-- user-management reads a session's results in order, and a meeting's rows
-- when it shows the transcript and summary.
CREATE INDEX ai_bot_interview_sessions_session_created_idx
  ON ai_bot_interview_sessions (session_id, created_at);

CREATE INDEX ai_bot_interview_sessions_meeting_idx
  ON ai_bot_interview_sessions (meeting_id)
  WHERE meeting_id IS NOT NULL;
