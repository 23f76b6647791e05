import {
  evaluateVerbal,
  type InterviewSummary,
  type Plan,
  type SessionEvent,
  type SessionTurnMetrics,
} from '@bot-backend/interview';
import { startCartesiaFake, startDeepgramFake, startOpenAiFake } from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { CandidateMicrophone, type VoicedInterval } from './candidate-microphone.js';
import { engineTransport, socketTransport, type TransportKind } from './interview-transport.js';
import { interviewerModel } from './interviewer-model.js';
import type { AnswerPart } from './persona-answers.js';
import type { Persona } from './personas.js';
import { type AskedQuestion, AskedQuestions, QuestionLookup } from './question-lookup.js';
import { type PlayedInterval, RecordingSink } from './recording-sink.js';
import { scaledTurnSettings, simPlan } from './sim-plan.js';
import type { Speech, SpeechSynthesizer } from './speech-synthesizer.js';
import { voicedRms } from './speech-synthesizer.js';

export interface PersonaRunOptions {
  persona: Persona;
  synthesizer: SpeechSynthesizer;
  /** Over apps/api's /ws/voice (default) or straight into the engine. */
  transport?: TransportKind | undefined;
  /** fake: the interviewer has an LLM (the OpenAI vendor package against its fake, see interviewer-model.ts); none: offline. */
  llm?: LlmMode | undefined;
  /** The world runs this many times faster than real time (speech, pauses, budgets, turn-taking, playback). */
  timeScale: number;
  seed?: number | undefined;
  /** Length of the planned interview (default 10 minutes: intro, technical, behavioral, wrap-up). */
  durationMinutes?: number | undefined;
  /** The silent candidate leaves after this long without anything to say (interview ms). */
  leaveAfterSilenceMs?: number | undefined;
  /** A run that has not ended after this long is ended (interview ms). */
  maxInterviewMs?: number | undefined;
  /** The candidate leaves when asked again after this many answers (a shorter run). */
  maxAnswers?: number | undefined;
  /** Reaction time before answering (interview ms). */
  reactionMs?: number | undefined;
}

export type LlmMode = 'fake' | 'none';

/** One answer as the candidate gave it (interview ms from the start of the run). */
export interface CandidateAnswer {
  question: AskedQuestion | undefined;
  /** The interviewer's line it answered. */
  askedLine: string;
  text: string;
  startMs: number;
  /** When its last part was sent, or when the candidate stopped because the interviewer came in. */
  endMs: number;
  /** The interviewer came in while parts were left to say. */
  stoppedWithPartsLeft: number;
  injected: boolean;
  /** Started over the interviewer. */
  interrupting: boolean;
}

/** What happened in one run, every time in interview ms (wall ms × time scale) from its start. */
export interface PersonaRun {
  persona: Persona['name'];
  transport: TransportKind;
  llm: LlmMode;
  timeScale: number;
  seed: number;
  plan: Plan;
  summary: InterviewSummary | undefined;
  candidateVoiced: VoicedInterval[];
  interviewerAudio: PlayedInterval[];
  interviewerLines: Array<{ text: string; interrupted: boolean; atMs: number }>;
  answers: CandidateAnswer[];
  backchannels: number[];
  /** When the engine ended each candidate turn (its final candidate transcript arrived), interview ms. */
  candidateTurnEnds: number[];
  metrics: SessionTurnMetrics[];
  errors: Array<{ code: string; message: string; fatal: boolean }>;
  /** Wall-clock length of the run (ms). */
  wallMs: number;
}

/** A line that asks something (not the holding line or the closing words). */
/** A pause at least this long (interview ms) ends an STT utterance; shorter ones are breaths inside one. */
const longPauseMs = 1_000;

const isQuestionLine = (text: string, lookup: QuestionLookup) =>
  text.includes('?') || lookup.find(text) !== undefined;

/**
 * Runs one persona through a whole voice interview: real speech (espeak-ng)
 * streamed as 20 ms PCM16 frames into the conversation engine, whose STT
 * (Deepgram) and TTS (Cartesia) are the real vendor packages against their
 * loopback fakes; the Deepgram fake returns the persona's script as the
 * voiced audio covers it.
 */
export async function runPersona(options: PersonaRunOptions): Promise<PersonaRun> {
  const { persona, synthesizer } = options;
  const k = options.timeScale;
  const seed = options.seed ?? 7;
  // One clock for everything recorded: wall ms since the run began.
  const origin = performance.now();
  const clock = () => performance.now() - origin;
  const nowMs = () => clock() * k;
  const wall = (interviewMs: number) => interviewMs / k;
  const plan = simPlan({ seed, timeScale: k, durationMinutes: options.durationMinutes });
  const lookup = new QuestionLookup();
  const asked = new AskedQuestions(lookup);

  // A running service is warm: the evaluator's first call (loading its word lists) is not the candidate's wait.
  await evaluateVerbal({
    role: 'backend',
    experienceLevel: 'mid',
    question: { id: 'warm-up', text: 'How do you warm up a service?', expectedKeywords: ['cache'] },
    answer: 'I would fill the cache before taking traffic, because cold starts are slow.',
  });
  const llmMode = options.llm ?? 'none';
  const [deepgram, cartesia, openai] = await Promise.all([
    startDeepgramFake({ silenceThreshold: voicedRms, wordsPerFinal: 12 }),
    // The interviewer's speech is compressed like the candidate's (65 ms a character at real time).
    startCartesiaFake({ tone: { msPerCharacter: 65 / k } }),
    llmMode === 'fake' ? startOpenAiFake() : undefined,
  ]);
  openai?.respond(interviewerModel());

  const run: PersonaRun = {
    persona: persona.name,
    transport: options.transport ?? 'socket',
    llm: llmMode,
    timeScale: k,
    seed,
    plan,
    summary: undefined,
    candidateVoiced: [],
    interviewerAudio: [],
    interviewerLines: [],
    answers: [],
    backchannels: [],
    candidateTurnEnds: [],
    metrics: [],
    errors: [],
    wallMs: 0,
  };

  let answering: CandidateAnswer | undefined;
  let answerIndex = 0;
  let lineTimers: Array<ReturnType<typeof setTimeout>> = [];
  let leaveTimer: ReturnType<typeof setTimeout> | undefined;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });

  const sink = new RecordingSink({
    leadMs: 60,
    clock,
    onsetGapMs: wall(250),
    // The candidate hears the interviewer start and stops talking (unless it is the one interrupting).
    onOnset: () => {
      if (answering && !answering.interrupting && mic.speaking) {
        answering.stoppedWithPartsLeft = pendingParts;
        answering.endMs = nowMs();
        answering = undefined;
        mic.hush();
        deepgram.reset();
      }
    },
  });

  const transport = (run.transport === 'socket' ? socketTransport : engineTransport)({
    plan,
    stt: createDeepgram({
      apiKey: deepgram.apiKey,
      baseUrl: deepgram.url,
      endpointingMs: Math.max(10, Math.round(300 / k)),
    }).stt(),
    tts: createCartesia({ apiKey: cartesia.apiKey, baseURL: cartesia.url }).tts(),
    llm: openai
      ? createOpenAI({ apiKey: 'sk-sim', baseURL: openai.openaiBaseURL }).llm('gpt-4o-mini')
      : undefined,
    sink,
    turnSettings: scaledTurnSettings(k),
    holdingLineAfterMs: Math.round(2_500 / k),
    onEvent: (event) => onEvent(event),
  });
  const session = { end: (reason: 'candidate' | 'limit') => transport.end(reason) };
  const mic = new CandidateMicrophone((frame) => transport.pushAudio(frame), clock);

  // Nothing heard from either side for a long while: the candidate leaves.
  const armLeave = (): void => {
    if (leaveTimer) clearTimeout(leaveTimer);
    leaveTimer = setTimeout(
      () => {
        if (!answering) void session.end('candidate');
      },
      wall(options.leaveAfterSilenceMs ?? 15_000),
    );
  };

  let pendingParts = 0;
  const speak = async (parts: AnswerPart[], answer: CandidateAnswer): Promise<void> => {
    const rendered: Speech[] = await Promise.all(
      parts.map((p) => synthesizer.speak(p.text, persona.wordsPerMinute)),
    );
    if (answering !== answer) return;
    // Each stretch between long pauses is one utterance for the STT, its words handed out over its
    // voiced audio (a little ahead, so its last word is surely heard before the pause).
    deepgram.reset();
    let segment: { text: string[]; voicedMs: number } = { text: [], voicedMs: 0 };
    const flush = () => {
      const words = segment.text.join(' ').split(/\s+/).filter(Boolean).length;
      if (words > 0)
        deepgram.script(segment.text.join(' '), { msPerWord: (segment.voicedMs / words) * 0.92 });
      segment = { text: [], voicedMs: 0 };
    };
    parts.forEach((part, i) => {
      segment.text.push(part.text);
      segment.voicedMs += rendered[i]!.voicedMs;
      if ((part.pauseAfterMs ?? 0) >= longPauseMs) flush();
    });
    flush();
    pendingParts = parts.length;
    const queue: Array<Speech | { silenceMs: number }> = [];
    rendered.forEach((speech, i) => {
      queue.push(speech);
      const pause = parts[i]?.pauseAfterMs;
      if (pause) queue.push({ silenceMs: wall(pause) });
    });
    // Count down the parts as they go out, so a stop knows what was left.
    let sent = 0;
    const each = queue.map((item) => ({ item, isSpeech: 'samples' in item }));
    for (const { item, isSpeech } of each) {
      await mic.say([item]);
      if (answering !== answer || answer.stoppedWithPartsLeft > 0) return;
      if (isSpeech) {
        sent += 1;
        pendingParts = parts.length - sent;
      }
    }
    if (answering === answer) {
      answer.endMs = nowMs();
      answering = undefined;
      armLeave();
    }
  };

  const startAnswer = (question: AskedQuestion | undefined, line: string, interrupting: boolean): void => {
    if (answering) return;
    const parts = persona.answer(question, answerIndex);
    if (parts.length === 0) return;
    answerIndex += 1;
    const answer: CandidateAnswer = {
      question,
      askedLine: line,
      text: parts.map((p) => p.text).join(' '),
      startMs: nowMs(),
      endMs: nowMs(),
      stoppedWithPartsLeft: 0,
      injected: persona.injects === true,
      interrupting,
    };
    answering = answer;
    run.answers.push(answer);
    void speak(parts, answer).catch((error: unknown) => {
      run.errors.push({ code: 'sim_speech', message: (error as Error).message, fatal: true });
      finished();
    });
  };

  const clearLineTimers = () => {
    for (const t of lineTimers) clearTimeout(t);
    lineTimers = [];
  };

  let currentLine: { text: string; scheduled: boolean } | undefined;
  const onEvent = (event: SessionEvent): void => {
    switch (event.type) {
      case 'transcript': {
        // The engine decided the candidate's turn was over: its whole answer comes back as one final.
        if (event.role === 'candidate' && event.final) run.candidateTurnEnds.push(nowMs());
        if (event.role !== 'interviewer') return;
        if (!event.final) {
          if (!currentLine) {
            currentLine = { text: event.text, scheduled: false };
            if (leaveTimer) clearTimeout(leaveTimer);
          }
          currentLine.text = event.text;
          if (!currentLine.scheduled) {
            currentLine.scheduled = true;
            const line = currentLine;
            if (persona.backchannel && !answering) {
              const { text, afterMs } = persona.backchannel;
              lineTimers.push(
                setTimeout(() => {
                  if (answering || currentLine !== line) return;
                  void synthesizer.speak(text, persona.wordsPerMinute).then((speech) => {
                    if (answering || currentLine !== line) return;
                    deepgram.reset();
                    deepgram.script(text, { msPerWord: speech.voicedMs * 0.92 });
                    run.backchannels.push(nowMs());
                    void mic.say([speech]);
                  });
                }, wall(afterMs)),
              );
            }
            if (persona.interruptAfterMs !== undefined) {
              lineTimers.push(
                setTimeout(() => {
                  if (currentLine !== line || !isQuestionLine(line.text, lookup)) return;
                  startAnswer(asked.lineAsked(line.text, false), line.text, true);
                }, wall(persona.interruptAfterMs)),
              );
            }
          }
          return;
        }
        clearLineTimers();
        currentLine = undefined;
        run.interviewerLines.push({
          text: event.text,
          interrupted: event.interrupted === true,
          atMs: nowMs(),
        });
        armLeave();
        if (event.interrupted || answering || !isQuestionLine(event.text, lookup)) return;
        if (options.maxAnswers !== undefined && answerIndex >= options.maxAnswers) {
          void session.end('candidate');
          return;
        }
        const question = asked.lineAsked(event.text, event.kind === 'follow_up');
        lineTimers.push(
          // The final transcript leaves the server once its own queue drained; the line may still be
          // playing here (the server's sink runs ahead of playback). A person answers after hearing it end.
          setTimeout(
            () => startAnswer(question, event.text, false),
            sink.unplayedMs() + wall(options.reactionMs ?? 500),
          ),
        );
        return;
      }
      case 'metrics':
        run.metrics.push({
          turnId: event.turnId,
          sttMs: event.sttMs,
          llmFirstTokenMs: event.llmFirstTokenMs,
          ttsFirstByteMs: event.ttsFirstByteMs,
          firstAudioMs: event.firstAudioMs,
        });
        return;
      case 'error':
        run.errors.push({ code: event.code, message: event.message, fatal: event.fatal });
        return;
      case 'summary':
        run.summary = event.summary;
        finished();
        return;
      default:
        return;
    }
  };

  const limit = setTimeout(() => void session.end('limit'), wall(options.maxInterviewMs ?? 15 * 60_000));
  try {
    mic.start();
    await transport.start();
    await done;
    // The closing line has been said; let the last audio play out.
    await sink.flush();
  } finally {
    clearTimeout(limit);
    if (leaveTimer) clearTimeout(leaveTimer);
    clearLineTimers();
    mic.stop();
    await transport.close();
    await sink.close().catch(() => {});
    await Promise.all([deepgram.close(), cartesia.close(), openai?.close()]);
  }
  run.candidateVoiced = mic.voiced.map((v) => ({ startMs: v.startMs * k, endMs: v.endMs * k }));
  run.interviewerAudio = sink.played.map((p) => ({ startMs: p.startMs * k, endMs: p.endMs * k }));
  run.wallMs = clock();
  return run;
}
