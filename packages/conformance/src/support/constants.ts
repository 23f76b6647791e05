/** Cancelled work must be gone (stream ended, sockets closed) within this. */
export const CANCEL_DEADLINE_MS = 1000;
/** The first-byte timeout the suites hand to implementations under a stalled fake. */
export const SHORT_TIMEOUT_MS = 300;
/** How long after SHORT_TIMEOUT_MS the timeout error may arrive. */
export const TIMEOUT_SLACK_MS = 2500;
/** Generous bound for a normal (unfaulted) call against a loopback fake. */
export const CALL_DEADLINE_MS = 5000;
