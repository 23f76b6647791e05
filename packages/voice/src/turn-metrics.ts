/** Per-turn latency figures, in ms; sent to the client and recorded as histograms. */
export interface TurnMetrics {
  turnId: string;
  /** The candidate's last word ended → its final transcript arrived (the STT's own delay). */
  sttMs: number | undefined;
  /** LLM request → first token. */
  llmFirstTokenMs: number | undefined;
  /** First sentence to TTS → first audio byte. */
  ttsFirstByteMs: number | undefined;
  /** End of the candidate's turn → first audio frame to the sink. */
  firstAudioMs: number | undefined;
}

/** Marks the moments of one turn on one clock and turns them into TurnMetrics. */
export class TurnClock {
  private readonly marks = new Map<string, number>();

  constructor(
    readonly turnId: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  mark(
    name:
      | 'speechEnd'
      | 'userTurnEnd'
      | 'sttFinal'
      | 'llmRequest'
      | 'llmFirstToken'
      | 'ttsRequest'
      | 'ttsFirstByte'
      | 'firstAudio',
    at = this.now(),
  ): void {
    if (!this.marks.has(name)) this.marks.set(name, at);
  }

  at(name: string): number | undefined {
    return this.marks.get(name);
  }

  metrics(): TurnMetrics {
    const span = (from: string, to: string) => {
      const a = this.marks.get(from);
      const b = this.marks.get(to);
      return a === undefined || b === undefined ? undefined : Math.max(0, Math.round(b - a));
    };
    return {
      turnId: this.turnId,
      sttMs: span('speechEnd', 'sttFinal'),
      llmFirstTokenMs: span('llmRequest', 'llmFirstToken'),
      ttsFirstByteMs: span('ttsRequest', 'ttsFirstByte'),
      firstAudioMs: span('userTurnEnd', 'firstAudio'),
    };
  }
}
