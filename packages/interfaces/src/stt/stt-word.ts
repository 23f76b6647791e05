/** A recognised word; times are milliseconds from the start of the session's audio. */
export interface SttWord {
  word: string;
  startMs: number;
  endMs: number;
  confidence?: number | undefined;
}
