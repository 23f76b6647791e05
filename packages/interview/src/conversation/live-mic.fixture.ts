import { silence, speechLike } from '@bot-backend/audio';
import type { AudioSink } from '@bot-backend/interfaces';
import type { OpenAiFakeRequest } from '@bot-backend/testkit';
import type { TurnSettings } from '@bot-backend/voice';
import { createInterviewSession } from './interview-session.js';
import type { InterviewSession } from './interview-session-options.js';
import type { SessionEvent } from './session-events.js';
import { backendVerbalPlan as plan } from './verbal-plan.fixture.js';
import type { VoiceFakes } from './voice-fakes.fixture.js';

/** The JSON schema an OpenAI fake request asks for (`follow_up`, the grade…), if any. */
export const schemaName = (request: OpenAiFakeRequest) =>
  (request.body?.response_format as { json_schema?: { name?: string } } | undefined)?.json_schema?.name;

/** The candidate's last answer as the interviewer's prompt carries it (inside its `<answer-…>` tags). */
export const lastAnswerOf = (request: OpenAiFakeRequest) => {
  const text = ((request.body?.messages ?? []) as Array<{ content: string }>)
    .map((m) => m.content)
    .join('\n');
  return [...text.matchAll(/<(answer-[0-9a-f]+)>\n([\s\S]*?)\n<\/\1>/g)].at(-1)?.[2] ?? '';
};

/** A request that makes the interviewer's words (a follow-up proposal or a line), not a grade. */
export const isReplyRequest = (request: OpenAiFakeRequest) =>
  schemaName(request) === 'follow_up' || !request.body?.response_format;

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A microphone in real time: 20 ms frames of speech-like sound or of silence. */
export async function mic(session: InterviewSession, ms: number, voiced: boolean): Promise<void> {
  // One continuous signal, cut into frames (a 20 ms piece of it alone may start in a quiet syllable).
  const audio = voiced ? speechLike({ durationMs: ms, sampleRate: 16_000 }) : silence(ms, 16_000);
  const started = Date.now();
  for (let sent = 0; sent < ms; sent += 20) {
    session.pushAudio({ samples: audio.samples.subarray(sent * 16, (sent + 20) * 16), sampleRate: 16_000 });
    await wait(Math.max(0, started + sent + 20 - Date.now()));
  }
}

/**
 * The interviewer's model for these tests: a grade when asked for one, and otherwise words that name
 * what it was given (WHOLE ANSWER once it saw "Kafka"), so each reply is recognisable: the follow-up
 * it proposes (quoting the answer, so the guard takes it; the reply's one LLM call) or, where the plan
 * affords no follow-up, the line that asks the next question.
 */
export const cueModel =
  (timing: { firstTokenDelayMs?: number; tokenDelayMs: number }) => (request: OpenAiFakeRequest) => {
    const answer = lastAnswerOf(request);
    const cue = answer.includes('Kafka') ? 'WHOLE ANSWER' : 'FIRST PART ONLY';
    if (schemaName(request) === 'follow_up') {
      const quote = answer.split(/\s+/).slice(0, 6).join(' ');
      return {
        json: { quote, question: `You said "${quote}", ${cue} noted: which part of it was hardest?` },
        ...timing,
      };
    }
    if (request.body?.response_format)
      return { json: { score: 6, feedback: 'Clear.', strengths: ['clear'], improvements: ['depth'] } };
    return { text: `Thanks, ${cue} noted. What do you enjoy most about that work?`, ...timing };
  };

/** A voice interview on the verbal plan through the fakes' vendors, 16 kHz both ways. */
export function liveSession(
  fakes: VoiceFakes,
  options: {
    sink: AudioSink;
    events: SessionEvent[];
    outcomes: string[];
    turnSettings?: TurnSettings | undefined;
  },
): InterviewSession {
  return createInterviewSession({
    role: plan.role,
    experienceLevel: plan.experienceLevel,
    format: plan.format,
    plan,
    ...fakes.vendors({ endpointingMs: 300 }),
    sink: options.sink,
    inputSampleRate: 16_000,
    outputSampleRate: 16_000,
    sinkLeadMs: 100,
    turnSettings: options.turnSettings,
    onPreemptiveReply: (outcome) => options.outcomes.push(outcome),
    onEvent: (e) => options.events.push(e),
  });
}
