export type MeetingEndReason = 'room_closed' | 'everyone_left';

export interface MeetingPresenceOptions {
  /** How long the room may be empty (of anyone but agents) before the meeting counts as over. */
  graceMs: number;
  onEnded: (reason: MeetingEndReason) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Decides when a meeting is over: the room closed, or every other participant
 * left and nobody came back within the grace period. Fed by room events;
 * agents (this worker, an avatar) are not counted as participants.
 */
export class MeetingPresence {
  private readonly present = new Set<string>();
  private timer: unknown;
  private ended: MeetingEndReason | undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: MeetingPresenceOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  }

  get endedBy(): MeetingEndReason | undefined {
    return this.ended;
  }

  get participants(): number {
    return this.present.size;
  }

  /** Start watching: with nobody there yet, the grace period starts now. */
  start(identities: Iterable<string>): void {
    for (const identity of identities) this.present.add(identity);
    if (this.present.size === 0) this.armTimer();
  }

  joined(identity: string): void {
    if (this.ended) return;
    this.present.add(identity);
    this.disarmTimer();
  }

  left(identity: string): void {
    if (this.ended) return;
    this.present.delete(identity);
    if (this.present.size === 0) this.armTimer();
  }

  roomClosed(): void {
    this.end('room_closed');
  }

  dispose(): void {
    this.disarmTimer();
  }

  private armTimer(): void {
    this.disarmTimer();
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      if (this.present.size === 0) this.end('everyone_left');
    }, this.options.graceMs);
  }

  private disarmTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private end(reason: MeetingEndReason): void {
    if (this.ended) return;
    this.ended = reason;
    this.disarmTimer();
    this.options.onEnded(reason);
  }
}
