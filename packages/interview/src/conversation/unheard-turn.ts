import type { TurnTaking } from '@bot-backend/voice';
import type { ReplyDraft } from './preemptive-replies.js';

/**
 * A candidate's turn that ended at a silence, from its end until the reply to
 * it is heard. Until then the candidate may take it back by going on (a breath
 * taken for the end of the answer): the reply is withdrawn unheard, its LLM and
 * TTS work aborted through `signal`, and the answer is decided again, whole.
 */
export class UnheardTurn {
  private readonly controller = new AbortController();
  private resolveTaken!: () => void;
  /** Resolves when the candidate takes the turn back. */
  readonly takenBack: Promise<'taken-back'>;

  constructor() {
    this.takenBack = new Promise((resolve) => {
      this.resolveTaken = () => resolve('taken-back');
    });
  }

  /** Aborted when the turn is taken back: the reply's work stops. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborted when the turn is taken back or `session` is. */
  signalWith(session: AbortSignal): AbortSignal {
    return AbortSignal.any([this.controller.signal, session]);
  }

  get taken(): boolean {
    return this.controller.signal.aborted;
  }

  /** The candidate went on. */
  take(): void {
    if (this.taken) return;
    this.controller.abort();
    this.resolveTaken();
  }
}

/**
 * The reply once it can sound at once (its first audio is ready and the microphone hears no voice
 * begun after the answer's words), or undefined when the candidate took the turn back first: then
 * the reply, now or once drafted, is withdrawn. A cut-in does not wait here: it comes in at the
 * candidate's next breath, and its turn is not theirs to take back.
 */
export async function untilAudible(
  drafting: Promise<ReplyDraft>,
  unheard: UnheardTurn | undefined,
  options: {
    cutIn: boolean;
    turns: TurnTaking;
    /** A line slow to sound is released after this anyway, so its holding line covers the wait. */
    lateMs: number;
    /** The longest a voice on the microphone with no words from the STT holds the reply back. */
    noiseMs: number;
    /** Throws a reply away unheard (and counts it). */
    withdraw(draft: ReplyDraft): void;
  },
): Promise<ReplyDraft | undefined> {
  if (!unheard) return drafting;
  const reply = await Promise.race([drafting, unheard.takenBack]);
  if (reply === 'taken-back') {
    void drafting.then(options.withdraw, () => {});
    return undefined;
  }
  if (!reply.next || options.cutIn) return withdrawnIfTaken(reply, unheard, options.withdraw);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.lateMs);
  });
  await Promise.race([reply.next.line.turn.ready, late, unheard.takenBack]);
  clearTimeout(timer);
  // The STT reports speech a little after it starts; the microphone knows at once.
  if (!unheard.taken) await Promise.race([options.turns.whenNotResuming(options.noiseMs), unheard.takenBack]);
  return withdrawnIfTaken(reply, unheard, options.withdraw);
}

function withdrawnIfTaken(
  reply: ReplyDraft,
  unheard: UnheardTurn,
  withdraw: (draft: ReplyDraft) => void,
): ReplyDraft | undefined {
  if (!unheard.taken) return reply;
  withdraw(reply);
  return undefined;
}
