/** Rule 7: the model that writes feedback unless FEEDBACK_MODEL says otherwise. */
export const DEFAULT_FEEDBACK_MODEL = 'gpt-4o-mini';
