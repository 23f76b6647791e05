import { defaultTurnSettings } from '@bot-backend/voice';
import { z } from 'zod';

/**
 * Published latencies of the vendors a candidate's interview runs on, median and tail, ms.
 *
 * STT: time to final segment (TTFS), from the end of speech to the final transcript, in Pipecat's
 * STT benchmark (https://github.com/pipecat-ai/stt-benchmark, README "Results Summary", 1,000
 * samples of smart-turn-data-v3.1; docs/measuring-ttfs.md: speech end is the VAD stop minus its
 * 0.2 s stop delay, and Pipecat finalizes the stream at that VAD stop).
 * LLM: time to first token, and TTS: time to first byte, in the Pipecat/Daily primer "Voice AI &
 * Voice Agents: An Illustrated Primer" (https://voiceaiandvoiceagents.com, source
 * github.com/pipecat-ai/voice-ai-primer-web; its LLM TTFT table and its TTS TTFB table).
 */
export const publishedLatencies = {
  stt: {
    /** Pipecat STT benchmark: deepgram TTFS median 247, p95 298, p99 326. */
    deepgramNova3: { medianMs: 247, p95Ms: 298, p99Ms: 326 },
    /** Pipecat STT benchmark: assemblyai TTFS median 256, p95 362, p99 417. */
    assemblyAiUniversalStreaming: { medianMs: 256, p95Ms: 362, p99Ms: 417 },
    /** The benchmark's VAD stop delay: it finalizes this long after the speech ended. */
    vadStopMs: 200,
  },
  llm: {
    /** Primer, LLM TTFT table: GPT-4o mini median 290, p95 420. */
    gpt4oMini: { medianMs: 290, p95Ms: 420 },
    /** Primer, LLM TTFT table: Llama 4 Maverick on Groq median 290, p95 360. */
    groqLlama4Maverick: { medianMs: 290, p95Ms: 360 },
  },
  tts: {
    /** Primer, TTS TTFB table: Cartesia median 190, p95 260. */
    cartesia: { medianMs: 190, p95Ms: 260 },
    /** Primer, TTS TTFB table: Deepgram (Aura) median 150, p95 320. */
    deepgramAura: { medianMs: 150, p95Ms: 320 },
  },
} as const;

const { stt, llm, tts } = publishedLatencies;
/** The window the engine asks its STT for; the fake must be asked for what the profile assumes. */
const engineEndpointingMs = defaultTurnSettings.sttEndpointingMs ?? stt.vadStopMs;

/**
 * How fast the vendors answer; the defaults are the published medians above for Deepgram Nova-3,
 * GPT-4o mini and Cartesia (the vendors the bench's fakes speak for).
 *
 * The STT fake ends an utterance after the engine's own `endpointing` window of silence and sends
 * the final `finalDelayMs` after it. Pipecat's 247 ms median is measured with the stream finalized
 * at a 200 ms VAD stop, so Deepgram's own share after the silence window is 247 − 200 = 47 ms; the
 * engine asks for the same 200 ms window (`defaultTurnSettings.sttEndpointingMs`), so the final
 * lands the published 247 ms after the end of speech (`sttCriticalMs` in the report).
 */
export const vendorProfileSchema = z.object({
  name: z.string().default('deepgram-nova3 / gpt-4o-mini / cartesia (published medians)'),
  stt: z
    .object({
      /** Silence after the last word before the STT marks the end of speech (Deepgram `endpointing`). */
      endpointingMs: z.number().int().min(10).default(engineEndpointingMs),
      /** Recognition latency after that silence until the final transcript is sent. */
      finalDelayMs: z
        .number()
        .nonnegative()
        .default(stt.deepgramNova3.medianMs - stt.vadStopMs),
      /** Speech time per word of the candidate's answers. */
      msPerWord: z.number().int().positive().default(300),
    })
    .default({
      endpointingMs: engineEndpointingMs,
      finalDelayMs: stt.deepgramNova3.medianMs - stt.vadStopMs,
      msPerWord: 300,
    }),
  llm: z
    .object({
      firstTokenMs: z.number().nonnegative().default(llm.gpt4oMini.medianMs),
      /**
       * One streamed delta is one word, this many a second (no published figure in the sources
       * above; a conservative streaming speed, so the first sentence costs tens of ms after the first token).
       */
      tokensPerSecond: z.number().positive().default(275),
    })
    .default({ firstTokenMs: llm.gpt4oMini.medianMs, tokensPerSecond: 275 }),
  tts: z
    .object({
      firstByteMs: z.number().nonnegative().default(tts.cartesia.medianMs),
      /** Generation time per second of audio (0.1: ten times faster than real time). */
      realtimeFactor: z.number().nonnegative().default(0.1),
      /** Audio per character of the fake voice (shorter than a real voice, to keep turns quick). */
      msPerCharacter: z.number().positive().default(15),
    })
    .default({ firstByteMs: tts.cartesia.medianMs, realtimeFactor: 0.1, msPerCharacter: 15 }),
  /** Latency of the LLM fake for /v1/evaluate's LLM path (a JSON answer). */
  evaluationLlmMs: z.number().nonnegative().default(20),
});

export type VendorProfile = z.infer<typeof vendorProfileSchema>;

export const defaultVendorProfile: VendorProfile = vendorProfileSchema.parse({});

/**
 * The interviewer's reply in every benchmarked turn, 40 words as a typical
 * acknowledgement and follow-up question: a short first sentence, then the rest.
 */
export const interviewerReply =
  'Thanks, that makes sense. Caching the slow queries is a reasonable first step, and it often buys a lot of headroom. ' +
  'What would you measure first to know the change worked in production, and how would you roll it back?';

/** What the candidate says each turn: a finished answer, which the end-of-turn policy gives its short wait. */
export const candidateAnswer = 'We cached the slow queries in Redis.';

// Seven words each, so every proposal is as long as the next (see followUpProposalDeltas).
const followUpProbes = [
  'how did that work out in practice?',
  'what did you measure to confirm that?',
  'what broke first when the load grew?',
  'how would you roll that back safely?',
  'what would you do differently next time?',
  'who else had to change their code?',
];

/**
 * The interviewer model's follow-up proposal (structured output) for the `n`th request: it quotes
 * the candidate and asks something new each time (the follow-up guard refuses a repeated question).
 */
export function followUpProposal(n: number): { quote: string; question: string } {
  const quote = candidateAnswer.split(/\s+/).slice(1, 6).join(' ');
  return { quote, question: `You said "${quote}": ${followUpProbes[n % followUpProbes.length]}` };
}

/** The deltas of every proposal's JSON, as the LLM fake paces a whole (non-streamed) answer. */
export const followUpProposalDeltas = wordDeltas(JSON.stringify(followUpProposal(0))).length;

/** One delta of the LLM fake per word, exactly as the fake splits the text. */
export function wordDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}
