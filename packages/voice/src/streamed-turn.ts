import { frameDurationMs } from '@bot-backend/audio';
import type {
  AudioFrame,
  AudioSink,
  LLM,
  LlmRequest,
  TTS,
  TtsStreamPart,
  VendorError,
} from '@bot-backend/interfaces';
import { AsyncQueue } from './async-queue.js';
import { HeardText } from './heard-text.js';
import { Playout } from './playout.js';
import { SentenceChunker } from './sentence-chunker.js';
import { SpeculativeSentences, type SpokenLine } from './speculative-sentences.js';
import type { TurnClock, TurnMetrics } from './turn-metrics.js';

export interface StreamedTurnInput {
  /** The reply comes from this LLM request… */
  llm?: LLM | undefined;
  request?: LlmRequest | undefined;
  /** …or is this fixed text (offline interviewer, scripted lines). */
  text?: string | undefined;
  /** Without TTS and sink the turn is text only. */
  tts?: TTS | undefined;
  sink?: AudioSink | undefined;
  sampleRate: number;
  voice?: string | undefined;
  clock: TurnClock;
  /** Aborting it is a barge-in: the LLM and TTS requests stop and the sink is cleared. */
  signal?: AbortSignal | undefined;
  /** Audio that left the sink but may not have been played yet (the sink's lead). */
  unplayedLeadMs?: number | undefined;
  /** Spoken when no audio has left after `afterMs`, so the candidate never waits in silence. */
  holdingLine?: { text: string; afterMs: number } | undefined;
  /** Each sentence as it goes to TTS (for live transcripts). */
  onSentence?: ((sentence: string) => void) | undefined;
  /**
   * Checks each LLM sentence before it is spoken (a dropped one is never
   * heard), and may add a last sentence once the reply is complete. The
   * check runs on the sentence chunker's output, so it costs no latency.
   */
  sentenceFilter?: SentenceFilter | undefined;
  /**
   * Prepared ahead (the candidate may not have finished): the LLM writes and
   * the first sentence is synthesized, but nothing reaches the sink and no
   * sentence is announced until release(); interrupt() then drops it unheard.
   */
  held?: boolean | undefined;
  /**
   * The first sentence goes to TTS only once this settles (the LLM writes meanwhile): a line
   * prepared in case it is needed costs no synthesis until it is.
   */
  ttsAfter?: Promise<unknown> | undefined;
}

export interface SentenceFilter {
  /** False: the sentence is not spoken. */
  keep(sentence: string): boolean;
  /**
   * The answer `keep` would give now, remembering nothing. A first sentence may go to TTS before
   * its end is decided (its audio held until it is); it goes only when this says yes, so nothing
   * the filter drops ever reaches the TTS. Without it, no sentence goes early.
   */
  wouldKeep?(sentence: string): boolean;
  /** Called once the LLM has finished (not after a barge-in or an error): a sentence to add, if any. */
  finish?(): string | undefined;
}

export interface StreamedTurnResult {
  /** Everything the LLM (or the script) produced. */
  text: string;
  /** What the listener heard: all of it, or up to the barge-in. */
  heardText: string;
  interrupted: boolean;
  /** The holding line was spoken. */
  heldOn: boolean;
  /** A vendor failed mid-turn; the text so far was still spoken. */
  error?: VendorError | undefined;
  metrics: TurnMetrics;
  /** First sentences sent to TTS before their end was decided, and those the next delta refuted (their audio dropped unheard). */
  earlySentences?: { sent: number; refuted: number } | undefined;
}

export interface StreamedTurn {
  /** Present when the turn has audio: pause()/resume() handle possible false interruptions. */
  readonly playout: Playout | undefined;
  readonly result: Promise<StreamedTurnResult>;
  /** Barge-in: stop generating and clear the sink (a held turn never reached it: nothing is cleared). */
  interrupt(): void;
  /** A held turn may be played now. */
  release(): void;
  /** Resolves once releasing the turn makes a sound at once: its first frame is buffered, or it ended without one. */
  readonly ready: Promise<void>;
}

const noop = () => {};

// Typical TTS pace, used to place an interruption inside text whose audio
// length is not yet known.
const charsPerMs = 0.015;

/**
 * One agent turn, streamed end to end: LLM tokens → sentence chunker → TTS
 * (one voice context when the TTS takes incremental text) → sink. The first
 * sentence is synthesized while the LLM is still writing the rest.
 */
export function startStreamedTurn(input: StreamedTurnInput): StreamedTurn {
  const controller = new AbortController();
  const signal = controller.signal;
  const onOuterAbort = () => controller.abort();
  if (input.signal?.aborted) controller.abort();
  else input.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const audible = input.tts !== undefined && input.sink !== undefined;
  // What the listener gets of a line starts with its sound: a line with audio announces its sentences
  // just before its first frame leaves (a line withdrawn before that leaves no text behind either).
  const playout = audible
    ? new Playout(input.sink!, input.unplayedLeadMs ?? 0, {
        held: input.held ?? false,
        onFirstWrite: () => {
          audioOut = true;
          if (!held && !signal.aborted) announceHeld();
        },
      })
    : undefined;
  // A held turn waits here before its second sentence goes to TTS and before anything is announced.
  let held = input.held ?? false;
  let unhold!: () => void;
  const released = new Promise<void>((resolve) => {
    unhold = resolve;
  });
  if (!held) unhold();
  signal.addEventListener('abort', () => unhold(), { once: true });
  const announced: string[] = [];
  let audioOut = !audible;
  const announce = (sentence: string) => {
    if (held || !audioOut) announced.push(sentence);
    else input.onSentence?.(sentence);
  };
  function announceHeld() {
    for (const sentence of announced.splice(0)) input.onSentence?.(sentence);
  }
  let toTts = 0;
  /** Before each sentence goes to TTS: a held turn synthesizes its first only. */
  const mayPrepare = async () => {
    if (toTts++ > 0) await released;
    else if (input.ttsAfter) await Promise.race([input.ttsAfter.catch(noop), released]);
  };
  const heard = new HeardText();
  const sentences = new AsyncQueue<SpokenLine>();
  let generated = '';
  let error: VendorError | undefined;
  let heldOn = false;
  const early = { sent: 0, refuted: 0 };
  let incremental = false;
  let finished = false;
  const { clock } = input;

  void playout?.firstAudio.then(() => clock.mark('firstAudio'));

  const produce = async () => {
    const chunker = new SentenceChunker();
    try {
      if (input.llm && input.request) {
        clock.mark('llmRequest');
        // The first sentence goes to TTS one delta early where its audio can wait for the verdict.
        const filter = input.sentenceFilter;
        const guessable =
          audible && input.tts!.capabilities.incrementalText && (!filter || filter.wouldKeep !== undefined);
        const lines = new SpeculativeSentences(chunker, {
          keep: (sentence) => filter?.keep(sentence) ?? true,
          mayGuess: guessable ? (sentence) => filter?.wouldKeep?.(sentence) ?? true : () => false,
        });
        for await (const part of input.llm.stream(input.request, { signal })) {
          if (part.type === 'text-delta') {
            clock.mark('llmFirstToken');
            generated += part.delta;
            for (const line of lines.push(part.delta)) sentences.push(line);
          } else if (part.type === 'error') {
            if (part.error.kind !== 'cancelled') error = part.error;
            break;
          }
        }
        if (!signal.aborted) for (const line of lines.flush()) sentences.push(line);
        const last = !signal.aborted && !error ? input.sentenceFilter?.finish?.() : undefined;
        if (last) sentences.push(last);
      } else if (input.text) {
        generated = input.text;
        for (const sentence of chunker.push(input.text)) sentences.push(sentence);
        if (!signal.aborted) for (const sentence of chunker.flush()) sentences.push(sentence);
      }
    } finally {
      sentences.close();
    }
  };

  // Frames that arrive while the holding line plays wait their turn.
  let holding: Promise<void> | undefined;
  const play = async (frame: AudioFrame) => {
    if (holding) await holding;
    if (!signal.aborted) playout?.push(frame);
  };

  /** `gate.verdict`, while set: a guessed first sentence's audio waits for it, and is dropped on false. */
  const consumeTts = async (
    parts: AsyncIterable<TtsStreamPart>,
    perSentence: boolean,
    gate?: { verdict: Promise<boolean> | undefined },
  ) => {
    for await (const part of parts) {
      if (signal.aborted) break;
      if (part.type === 'audio') {
        if (gate?.verdict && !(await gate.verdict)) return true;
        clock.mark('ttsFirstByte');
        if (perSentence) heard.addAudio(frameDurationMs(part.frame));
        await play(part.frame);
      } else if (part.type === 'error') {
        if (part.error.kind !== 'cancelled') error ??= part.error;
        return false;
      }
    }
    return true;
  };

  const speak = async () => {
    const tts = input.tts;
    if (!tts || !playout) {
      // Without audio nothing is guessed: every line is a sentence.
      for await (const sentence of sentences) {
        if (typeof sentence !== 'string') continue;
        heard.addSentence(sentence);
        announce(sentence);
      }
      return;
    }
    const options = { sampleRate: input.sampleRate, voice: input.voice, signal };
    if (tts.capabilities.incrementalText) {
      incremental = true;
      let session = tts.stream(options);
      let gate: { verdict: Promise<boolean> | undefined } = { verdict: undefined };
      let settle: (kept: boolean) => void = noop;
      let consuming = consumeTts(session, false, gate);
      for await (const line of sentences) {
        if (typeof line === 'string' || line.kind === 'speculate') {
          await mayPrepare();
          if (signal.aborted) break;
          clock.mark('ttsRequest');
          if (typeof line === 'string') {
            heard.addSentence(line);
            announce(line);
            session.pushText(line);
            continue;
          }
          gate.verdict = new Promise<boolean>((resolve) => {
            settle = resolve;
          });
          session.pushText(line.text);
          early.sent += 1;
        } else if (line.kind === 'confirm') {
          if (signal.aborted) break;
          heard.addSentence(line.text);
          announce(line.text);
          gate.verdict = undefined;
          settle(true);
        } else {
          // A wrong guess: its voice context goes, unheard, and the reply starts again on a new one.
          settle(false);
          if (signal.aborted) break;
          early.refuted += 1;
          await session.close();
          await consuming;
          toTts = 0;
          session = tts.stream(options);
          gate = { verdict: undefined };
          consuming = consumeTts(session, false, gate);
        }
      }
      // Ended before a verdict (a barge-in): nothing of the guess is played.
      settle(false);
      if (signal.aborted) await session.close();
      else session.end();
      await consuming;
      return;
    }
    for await (const sentence of sentences) {
      // Only a TTS that takes text incrementally is sent guesses.
      if (typeof sentence !== 'string') continue;
      await mayPrepare();
      if (signal.aborted) break;
      clock.mark('ttsRequest');
      heard.addSentence(sentence);
      announce(sentence);
      if (!(await consumeTts(tts.synthesize(sentence, options), true))) break;
    }
  };

  // Counted from the turn's start: a turn held while the candidate might still go on has waited already.
  const startedAt = performance.now();
  const holdDelayMs = (afterMs: number) => Math.max(0, afterMs - (performance.now() - startedAt));
  const startHoldTimer = () =>
    input.holdingLine && audible
      ? setTimeout(() => {
          if (clock.at('firstAudio') !== undefined || signal.aborted) return;
          heldOn = true;
          const line = input.holdingLine!.text;
          holding = (async () => {
            for await (const part of input.tts!.synthesize(line, {
              sampleRate: input.sampleRate,
              voice: input.voice,
              signal,
            })) {
              if (part.type !== 'audio' || signal.aborted) continue;
              playout!.push(part.frame);
            }
          })();
        }, holdDelayMs(input.holdingLine.afterMs))
      : undefined;
  let holdTimer = held ? undefined : startHoldTimer();

  const result = (async (): Promise<StreamedTurnResult> => {
    try {
      await Promise.all([produce(), speak()]);
      if (holding) await holding;
      finished = !signal.aborted;
      if (finished) await playout?.drained();
    } finally {
      if (holdTimer) clearTimeout(holdTimer);
      input.signal?.removeEventListener('abort', onOuterAbort);
    }
    const interrupted = signal.aborted;
    const heardMs = playout ? playout.stop() : 0;
    let heardText: string;
    if (!interrupted) heardText = heard.fullText;
    else if (!playout) heardText = '';
    else if (incremental) {
      const full = heard.fullText;
      const ratio = finished && playout.generatedMs > 0 ? full.length / playout.generatedMs : charsPerMs;
      const cut = full.slice(0, Math.floor(heardMs * ratio));
      heardText = cut.length >= full.length ? full : cut.slice(0, Math.max(0, cut.lastIndexOf(' '))).trim();
    } else heardText = heard.textAt(heardMs);
    const earlySentences = early.sent > 0 ? early : undefined;
    return {
      text: generated,
      heardText,
      interrupted,
      heldOn,
      error,
      metrics: clock.metrics(),
      earlySentences,
    };
  })();

  // Ready to be heard at once: the first frame is buffered (or the turn has none to wait for).
  const ready = playout ? Promise.race([playout.firstFrame, result.then(noop, noop)]) : Promise.resolve();

  return {
    playout,
    result,
    ready,
    interrupt() {
      playout?.stop();
      controller.abort();
    },
    release() {
      if (!held || signal.aborted) return;
      held = false;
      if (audioOut) announceHeld();
      playout?.release();
      holdTimer = startHoldTimer();
      unhold();
    },
  };
}
