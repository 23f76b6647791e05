/** How long the room may be empty of people before a silent meeting ends. */
export const MEETING_GRACE_MS = 60_000;
/** A job's first delivery attempt of a transcript; the outbox keeps trying after. */
export const TRANSCRIPT_DELIVER_BUDGET_MS = 5_000;
/** How long a finished job keeps sending a queued transcript before leaving it to the sweep. */
export const TRANSCRIPT_DRAIN_MS = 30_000;
export const SUMMARY_TIMEOUT_MS = 30_000;
/** The main process re-sends what ended jobs left in their outboxes this often. */
export const OUTBOX_SWEEP_INTERVAL_MS = 60_000;
/** A join decision waits at most this long for user-management. */
export const AGENT_CONFIG_TIMEOUT_MS = 3_000;
