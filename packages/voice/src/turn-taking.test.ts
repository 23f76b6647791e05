import { MemoryAudioSink, silence, speechLike } from '@bot-backend/audio';
import type { SttStreamPart } from '@bot-backend/interfaces';
import { type CartesiaFake, startCartesiaFake } from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CandidateTurn } from './end-of-turn-detector.js';
import { startStreamedTurn } from './streamed-turn.js';
import { TurnClock } from './turn-metrics.js';
import { defaultTurnSettings, type TurnSettings } from './turn-settings.js';
import { TurnTaking, type TurnTiming } from './turn-taking.js';

const words = (text: string, startMs: number, endMs: number) => ({
  text,
  words: [],
  confidence: 0.9,
  startMs,
  endMs,
});
const final = (text: string, startMs = 0, endMs = 1_000): SttStreamPart => ({
  type: 'transcript-final',
  ...words(text, startMs, endMs),
});
const partial = (text: string): SttStreamPart => ({ type: 'transcript-partial', ...words(text, 0, 500) });
const speechStart: SttStreamPart = { type: 'speech-start', atMs: 0 };
const endOfTurn: SttStreamPart = { type: 'end-of-turn', atMs: 0, text: '' };

function setup(settings: TurnSettings = defaultTurnSettings, now?: () => number) {
  const turns: Array<{ turn: CandidateTurn; timing: TurnTiming }> = [];
  /** onPause texts and onResume ('resume'), in order. */
  const pauses: string[] = [];
  const taking = new TurnTaking(
    settings,
    {
      onTurn: (turn, timing) => turns.push({ turn, timing }),
      onPause: (text) => pauses.push(text),
      onResume: () => pauses.push('resume'),
    },
    { phase: 'technical', ...(now ? { now, origin: 10_000 } : {}) },
  );
  return { taking, turns, pauses };
}

describe('TurnTaking while the agent is quiet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a turn taken back before its reply is heard reopens: the words after it join the same answer', () => {
    vi.useFakeTimers();
    let now = 20_000;
    const turns: CandidateTurn[] = [];
    const takenBack: string[] = [];
    const taking = new TurnTaking(
      defaultTurnSettings,
      { onTurn: (turn) => turns.push(turn), onTakeBack: (turn) => takenBack.push(turn.text) },
      { phase: 'technical', now: () => now, origin: 10_000 },
    );
    taking.hear(final('I would put a cache in front of it.', 8_000, 9_500));
    taking.hear(endOfTurn);
    now += 300;
    vi.advanceTimersByTime(300);
    expect(turns.map((t) => t.text)).toEqual(['I would put a cache in front of it.']);
    // The candidate goes on (a breath, not the end): no reply was heard, so the turn is theirs again.
    taking.hear(speechStart);
    expect(takenBack).toEqual(['I would put a cache in front of it.']);
    taking.hear(final('Then invalidate it on writes.', 9_900, 11_000));
    taking.hear(endOfTurn);
    now += 300;
    vi.advanceTimersByTime(300);
    expect(turns).toHaveLength(2);
    expect(turns[1]).toMatchObject({
      text: 'I would put a cache in front of it. Then invalidate it on writes.',
      startMs: 8_000,
      endMs: 11_000,
      reason: 'silence',
    });
  });

  it('once the reply is heard, the next words start a new turn (nothing is taken back)', () => {
    vi.useFakeTimers();
    const turns: CandidateTurn[] = [];
    const takenBack: string[] = [];
    const taking = new TurnTaking(
      defaultTurnSettings,
      { onTurn: (turn) => turns.push(turn), onTakeBack: (turn) => takenBack.push(turn.text) },
      { phase: 'technical' },
    );
    taking.hear(final('I would put a cache in front of it.'));
    taking.hear(endOfTurn);
    vi.advanceTimersByTime(300);
    taking.replyHeard();
    taking.hear(speechStart);
    taking.hear(final('Yes, Redis.'));
    taking.hear(endOfTurn);
    vi.advanceTimersByTime(300);
    expect(takenBack).toEqual([]);
    expect(turns.map((t) => t.text)).toEqual(['I would put a cache in front of it.', 'Yes, Redis.']);
  });

  it('holds a reply while the microphone hears a voice begun after the turn, not for a noise there all along', async () => {
    vi.useFakeTimers();
    // A steady tone at a quarter of full scale: every 20 ms of it is voiced.
    const loud = {
      samples: Int16Array.from({ length: 320 }, (_, i) => (i % 2 ? 8_000 : -8_000)),
      sampleRate: 16_000,
    };
    const quiet = silence(20, 16_000);
    const endedTurn = (noisy: boolean) => {
      let now = 19_800;
      const taking = new TurnTaking(
        defaultTurnSettings,
        { onTurn: () => {} },
        {
          phase: 'technical',
          now: () => now,
          origin: 10_000,
        },
      );
      const frame = (at: number, voiced: boolean) => {
        now = at;
        taking.heardAudio(voiced ? loud : quiet);
      };
      // The words end 9.99 s into the session: 19,990 ms on the wall clock.
      for (let at = 19_800; at <= 20_000; at += 20) frame(at, true);
      taking.hear(final('I would put a cache in front of it.', 8_000, 9_990));
      taking.hear(endOfTurn);
      for (let at = 20_020; at <= 20_300; at += 20) frame(at, noisy);
      vi.advanceTimersByTime(300);
      return { taking, frame };
    };
    const settled = (promise: Promise<void>) => {
      let done = false;
      void promise.then(() => {
        done = true;
      });
      return () => done;
    };

    // A voice that starts after the words ended: the candidate may be going on, the reply waits…
    const resuming = endedTurn(false);
    resuming.frame(20_320, true);
    const held = settled(resuming.taking.whenNotResuming(5_000));
    await Promise.resolve();
    expect(held()).toBe(false);
    // …until a breath of quiet says it was a sound with no words (the STT would have reported them).
    for (let at = 20_340; at <= 20_700; at += 20) resuming.frame(at, false);
    await Promise.resolve();
    expect(held()).toBe(true);

    // A noise that was there before the words ended and never stopped holds nothing back.
    const noisy = endedTurn(true);
    const free = settled(noisy.taking.whenNotResuming(5_000));
    await Promise.resolve();
    expect(free()).toBe(true);
  });

  it('ends the turn after the phase silence and says when the speech ended and the final arrived', () => {
    vi.useFakeTimers();
    let now = 20_000;
    const { taking, turns } = setup(defaultTurnSettings, () => now);
    // The final covers speech that ended 9.5 s into the session (origin 10 s): 19.5 s on the wall clock.
    taking.hear(final('A hash map gives constant time lookups', 8_000, 9_500));
    now += 1_600;
    vi.advanceTimersByTime(1_600);
    expect(turns).toHaveLength(1);
    expect(turns[0]!.turn.text).toBe('A hash map gives constant time lookups');
    expect(turns[0]!.timing).toEqual({ at: 21_600, sttFinalAt: 20_000, speechEndAt: 19_500 });
  });

  it('cuts an answer over its budget in at a pause, once, and says so once', () => {
    vi.useFakeTimers();
    let now = 0;
    const { taking, turns } = setup(defaultTurnSettings, () => now);
    taking.setQuestion('technical', 30_000);
    taking.hear(final('I would start with the cache', 0, 2_000));
    now = 31_000;
    taking.hear(final('and then there is the queue and the retries'));
    // Still talking at 31 s: no cut-in until the STT reports a pause.
    expect(turns).toHaveLength(0);
    taking.hear(endOfTurn);
    expect(turns.map((t) => t.turn.reason)).toEqual(['commit']);
    expect(taking.takeCutIn()).toBe(true);
    expect(taking.takeCutIn()).toBe(false);
  });

  it('a thinking pause does not end the turn, but a commit does', () => {
    vi.useFakeTimers();
    const { taking, turns } = setup();
    taking.hear(final('Let me think'));
    vi.advanceTimersByTime(4_000);
    expect(turns).toHaveLength(0);
    expect(taking.pendingText).toBe('Let me think');
    taking.commit();
    expect(turns.map((t) => t.turn.text)).toEqual(['Let me think']);
  });
});

describe('TurnTaking: a cut-in waits for a breath on the microphone', () => {
  it('resolves once the microphone has been quiet for the breath, not at a gap between words', async () => {
    let now = 0;
    const { taking } = setup(defaultTurnSettings, () => now);
    const voiced = speechLike({ durationMs: 1_000, sampleRate: 16_000 });
    const frame = (voicedFrame: boolean) => {
      now += 20;
      const at = (now / 20) % 40;
      taking.heardAudio(
        voicedFrame
          ? { samples: voiced.samples.subarray(at * 320 + 3_200, at * 320 + 3_520), sampleRate: 16_000 }
          : silence(20, 16_000),
      );
    };
    for (let i = 0; i < 10; i++) frame(true);
    let breathed = false;
    void taking.whenSilent(60_000).then(() => {
      breathed = true;
    });
    // A 200 ms gap between words, then more words: no cut-in yet.
    for (let i = 0; i < 10; i++) frame(false);
    for (let i = 0; i < 5; i++) frame(true);
    await Promise.resolve();
    expect(breathed).toBe(false);
    // A breath: 360 ms of quiet.
    for (let i = 0; i < 18; i++) frame(false);
    await Promise.resolve();
    expect(breathed).toBe(true);

    // Someone who never stops for a full breath: past the time given, a gap between sentences will do.
    for (let i = 0; i < 10; i++) frame(true);
    let shorter = false;
    void taking.whenSilent(60_000, { shorterBreathAfterMs: 1_000 }).then(() => {
      shorter = true;
    });
    const sentences = (count: number) => {
      for (let s = 0; s < count; s++) {
        for (let i = 0; i < 15; i++) frame(true);
        // 160 ms between sentences.
        for (let i = 0; i < 8; i++) frame(false);
      }
    };
    sentences(2);
    await Promise.resolve();
    expect(shorter).toBe(false);
    sentences(3);
    await Promise.resolve();
    expect(shorter).toBe(true);
  });
});

describe('TurnTaking: pauses, for a reply prepared before the turn ends', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signals a pause after a finished thought, a resume when the candidate goes on, and nothing once the turn ends', () => {
    vi.useFakeTimers();
    const { taking, turns, pauses } = setup();
    taking.hear(final('I would put a cache in front of the database'));
    expect(pauses).toEqual([]);
    taking.hear(endOfTurn);
    expect(pauses).toEqual(['I would put a cache in front of the database']);
    // A second end of turn for the same pause is not a second pause.
    taking.hear(endOfTurn);
    taking.hear(speechStart);
    taking.hear(final('with a short expiry'));
    taking.hear(endOfTurn);
    expect(pauses).toEqual([
      'I would put a cache in front of the database',
      'resume',
      'I would put a cache in front of the database with a short expiry',
    ]);
    vi.advanceTimersByTime(1_600);
    expect(turns).toHaveLength(1);
    taking.hear(speechStart);
    expect(pauses.at(-1)).not.toBe('resume');
  });

  it('no pause is signalled for an unfinished thought, in silent coding, or while the floor is held', () => {
    vi.useFakeTimers();
    const { taking, pauses } = setup();
    taking.hear(final('I would start with the cache and'));
    taking.hear(endOfTurn);
    taking.hear(final('let me think'));
    taking.hear(endOfTurn);
    taking.commit();
    taking.setQuestion('coding');
    taking.hear(final('I am writing the loop now'));
    taking.hear(endOfTurn);
    taking.commit();
    taking.setQuestion('technical');
    taking.holdFloor(true);
    taking.hear(final('and another thing'));
    taking.hear(endOfTurn);
    expect(pauses).toEqual([]);
  });

  it('an over-budget cut-in holds the floor: the rest of the answer is not the next answer', () => {
    vi.useFakeTimers();
    let now = 0;
    const { taking, turns } = setup(defaultTurnSettings, () => now);
    taking.setQuestion('technical', 30_000);
    taking.hear(final('I would start with the cache'));
    now = 31_000;
    taking.hear(endOfTurn);
    expect(turns).toHaveLength(1);
    taking.hear(final('and then the queue and the retries and the dashboards'));
    vi.advanceTimersByTime(5_000);
    taking.commit();
    expect(turns.map((t) => t.turn.text)).toEqual(['I would start with the cache', '']);
    // Once the cut-in is said, the floor is the candidate's again.
    taking.holdFloor(false);
    taking.hear(final('Redis'));
    taking.commit();
    expect(turns.at(-1)!.turn.text).toBe('Redis');
  });

  it('whenSilent waits for the next pause while the candidate speaks, at most the time given', async () => {
    vi.useFakeTimers();
    const { taking } = setup();
    await taking.whenSilent(1_000);
    taking.hear(speechStart);
    taking.hear(partial('and one more thing'));
    expect(taking.candidateIsSpeaking).toBe(true);
    let silent = false;
    void taking.whenSilent(60_000).then(() => {
      silent = true;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(silent).toBe(false);
    taking.hear(endOfTurn);
    await vi.advanceTimersByTimeAsync(0);
    expect(silent).toBe(true);
    // An STT that never reports a pause: the wait ends at its limit.
    taking.hear(speechStart);
    let capped = false;
    void taking.whenSilent(2_000).then(() => {
      capped = true;
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(capped).toBe(true);
  });
});

// Barge-in against a real reply: the Cartesia vendor package through its SDK to the loopback fake,
// played into a paced sink.
describe('TurnTaking while the agent talks', () => {
  let cartesia: CartesiaFake;
  let sink: MemoryAudioSink;
  beforeAll(async () => {
    cartesia = await startCartesiaFake();
  });
  afterAll(() => cartesia.close());
  afterEach(async () => {
    await sink?.close();
  });

  const settings: TurnSettings = { ...defaultTurnSettings, falseInterruptionMs: 300 };
  const line =
    'Thanks for joining today. Could you tell me about a system you built recently and what it taught you?';

  async function talking() {
    // Real time: the line lasts seconds, long enough to talk over.
    sink = new MemoryAudioSink({ leadMs: 100, realtimeFactor: 1 });
    const { taking, turns } = setup(settings);
    const turn = startStreamedTurn({
      tts: createCartesia({ apiKey: cartesia.apiKey, baseURL: cartesia.url }).tts(),
      sink,
      sampleRate: 16_000,
      text: line,
      clock: new TurnClock('t'),
    });
    taking.speaking(turn);
    await turn.playout!.firstAudio;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { taking, turns, turn };
  }

  it('a backchannel pauses the agent and it resumes: the whole line is heard, no turn starts', async () => {
    const { taking, turns, turn } = await talking();
    taking.hear(speechStart);
    expect(turn.playout!.isPaused).toBe(true);
    expect(sink.clears).toHaveLength(1);
    taking.hear(final('mhm'));
    expect(turn.playout!.isPaused).toBe(false);
    const result = await turn.result;
    taking.spoke();
    expect(result.interrupted).toBe(false);
    expect(result.heardText).toBe(line);
    // Every frame of the line left the sink, the ones before the pause twice at most.
    const lineMs = (cartesia.expectedSamples(line, 16_000) / 16_000) * 1000;
    expect(sink.deliveredMs).toBeGreaterThanOrEqual(lineMs * 0.95);
    expect(turns).toHaveLength(0);
  });

  it('noise (no words) resumes the agent once the false-interruption wait is over', async () => {
    const { taking, turn } = await talking();
    taking.hear(speechStart);
    expect(turn.playout!.isPaused).toBe(true);
    expect(taking.openTimers).toBe(1);
    await vi.waitFor(() => expect(turn.playout!.isPaused).toBe(false), { timeout: 2_000 });
    expect(taking.openTimers).toBe(0);
    turn.interrupt();
  });

  it('a real interruption stops the agent, and the held speech starts the candidate turn', async () => {
    const { taking, turns, turn } = await talking();
    taking.hear(speechStart);
    taking.hear(partial('sorry could you'));
    const result = await turn.result;
    taking.spoke();
    expect(result.interrupted).toBe(true);
    expect(result.heardText.length).toBeLessThan(line.length);
    // What was held is now the candidate's answer: it goes on and ends like any turn.
    taking.hear(final('sorry could you repeat that please'));
    taking.commit();
    expect(turns.map((t) => t.turn.text)).toEqual(['sorry could you repeat that please']);
  });

  it('while the agent holds the floor (a cut-in), the candidate neither stops it nor starts a turn', async () => {
    const { taking, turns, turn } = await talking();
    taking.holdFloor(true);
    taking.hear(speechStart);
    taking.hear(final('and another thing about the retries'));
    expect(turn.playout!.isPaused).toBe(false);
    const result = await turn.result;
    taking.spoke();
    taking.holdFloor(false);
    expect(result.interrupted).toBe(false);
    taking.commit();
    expect(turns.map((t) => t.turn.text)).toEqual(['']);
  });
});
