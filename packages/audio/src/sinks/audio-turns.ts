/**
 * Turn bookkeeping shared by the streaming sinks: an `audio_start` goes out
 * before the first frame of a turn, an `audio_end` when the turn's audio is
 * done (flush, clear or close), so a client knows when to start and stop its player.
 */
export class AudioTurns {
  private counter = 0;
  private nextId: string | undefined;
  private open: { turnId: string; sampleRate: number } | undefined;
  private readonly makeId: () => string;

  constructor(makeId?: () => string) {
    this.makeId = makeId ?? (() => `turn-${++this.counter}`);
  }

  /** The id of the turn now being sent, if any. */
  get current(): string | undefined {
    return this.open?.turnId;
  }

  /** Name the next turn (e.g. the voice loop's turn id, so `metrics` and audio agree). */
  setNext(turnId: string): void {
    this.nextId = turnId;
  }

  /**
   * What must be sent before a frame at `sampleRate`: nothing, a start, or
   * (on a sample-rate change) an end of the old turn and a start of the same id.
   */
  beforeFrame(sampleRate: number): { end?: string; start?: { turnId: string; sampleRate: number } } {
    if (this.open && this.open.sampleRate === sampleRate) return {};
    const end = this.open?.turnId;
    const turnId = this.open?.turnId ?? this.nextId ?? this.makeId();
    this.nextId = undefined;
    this.open = { turnId, sampleRate };
    return end === undefined ? { start: this.open } : { end, start: this.open };
  }

  /** Close the open turn; returns its id, or undefined when none was open. */
  end(): string | undefined {
    const turnId = this.open?.turnId;
    this.open = undefined;
    return turnId;
  }
}
