import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  defaultQuestionBank,
  type LlmPlanOutput,
  planAsLlmOutput,
  planFromBank,
} from '@bot-backend/interview';
import {
  type CartesiaFake,
  type OpenAiFake,
  type OpenAiFakeRequest,
  startCartesiaFake,
  startOpenAiFake,
} from '@bot-backend/testkit';
import { runHttpLoad } from './http-load.js';
import type { LoadReply, LoadRequest } from './load-protocol.js';
import { type ProfiledStt, startProfiledStt } from './profiled-stt.js';
import { candidateAnswer, followUpProposal, interviewerReply, type VendorProfile } from './vendor-profile.js';
import { VoiceClient } from './voice-client.js';

/**
 * The load process: the vendor fakes with their latency profile and the
 * candidates' sockets, apart from the server being measured so they do not
 * share its event loop. Driven over IPC by bench.ts.
 */
let stt: ProfiledStt | undefined;
let cartesia: CartesiaFake | undefined;
let openai: OpenAiFake | undefined;

const gradeJson = {
  score: 6,
  feedback: 'Clear and specific.',
  strengths: ['specific'],
  improvements: ['depth'],
};

// A code answer's grade has its own fields (llmCodeOutputSchema): the verbal grade would fail its
// check, and the code row would measure the rubric standing in for the LLM instead of the LLM path.
const codeGradeJson = {
  ...gradeJson,
  correctness: 7,
  complexity: 'O(n)',
  spaceComplexity: 'O(n)',
  quality: 6,
};

/**
 * What a model that keeps the planner's rules answers for the bench's interviews (backend, mid,
 * verbal, the default 30 minutes, as voice-client.ts starts them): the bank's plan in the LLM's
 * output shape. Any other JSON fails the plan's check, and every session's start would measure two
 * refused LLM plans and the bank standing in.
 */
const planJson: LlmPlanOutput = planAsLlmOutput(
  planFromBank(
    { role: 'backend', experienceLevel: 'mid', format: 'verbal', durationMinutes: 30, seed: 1 },
    defaultQuestionBank(),
  ),
);

let proposals = 0;

async function startFakes(profile: VendorProfile): Promise<LoadReply> {
  const tokenDelayMs = 1000 / profile.llm.tokensPerSecond;
  [stt, cartesia, openai] = await Promise.all([
    startProfiledStt({
      apiKey: 'dg-bench-key',
      answer: candidateAnswer,
      msPerWord: profile.stt.msPerWord,
      finalDelayMs: profile.stt.finalDelayMs,
    }),
    startCartesiaFake({
      tone: { msPerCharacter: profile.tts.msPerCharacter },
      firstChunkDelayMs: profile.tts.firstByteMs,
      realtimeFactor: profile.tts.realtimeFactor,
      // 40 ms chunks, as a streaming TTS sends them.
      wsChunkSamples: 960,
    }),
    startOpenAiFake(),
  ]);
  openai.respond((request: OpenAiFakeRequest) => {
    // A follow-up proposal quotes the candidate, at the interviewer model's pace; grading and planning ask
    // for JSON; the interviewer's lines (streamed, or whole for the batch pipeline) are text.
    const format = request.body?.response_format as { json_schema?: { name?: string } } | undefined;
    if (format?.json_schema?.name === 'follow_up') {
      return {
        json: followUpProposal(proposals++),
        firstTokenDelayMs: profile.llm.firstTokenMs,
        tokenDelayMs,
      };
    }
    if (format !== undefined) {
      const name = format.json_schema?.name;
      const json =
        name === 'interview_plan' ? planJson : name === 'code_evaluation' ? codeGradeJson : gradeJson;
      return { json, firstTokenDelayMs: profile.evaluationLlmMs };
    }
    return { text: interviewerReply, firstTokenDelayMs: profile.llm.firstTokenMs, tokenDelayMs };
  });
  return {
    type: 'fakes',
    stt: { url: stt.url, apiKey: stt.apiKey },
    cartesia: { url: cartesia.url, apiKey: cartesia.apiKey },
    openaiBaseURL: openai.openaiBaseURL,
  };
}

async function runVoice(request: Extract<LoadRequest, { type: 'voice' }>): Promise<LoadReply> {
  const errors: string[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuAtStart = process.cpuUsage();
  const wallAtStart = performance.now();
  const clients = Array.from(
    { length: request.sessions },
    (_, session) =>
      new VoiceClient({
        url: request.url,
        session,
        msPerWord: request.msPerWord,
        words: candidateAnswer.split(/\s+/).length,
        endpointingMs: request.endpointingMs,
        bargeInAfterMs: request.bargeInAfterMs,
        answerGapMs: 200,
        onError: (message) => {
          if (errors.length < 50) errors.push(message);
        },
      }),
  );
  const pump = setInterval(() => {
    const now = performance.now();
    for (const client of clients) client.pump(now);
  }, 5);
  // Sessions join over the ramp, as people would, rather than all in one millisecond.
  const started = performance.now();
  for (const [index, client] of clients.entries()) {
    client.connect();
    const due = started + ((index + 1) / clients.length) * request.rampMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const deadline = started + request.durationMs;
  const enough = () =>
    request.turnsPerSession !== undefined &&
    clients.every((c) => c.turns.filter((t) => t.engine !== undefined).length >= request.turnsPerSession!);
  // Turns are counted once every session has joined.
  const rampedAt = performance.now();
  while (performance.now() < deadline && !enough()) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const client of clients) client.stop();
  clearInterval(pump);
  loop.disable();
  const cpu = process.cpuUsage(cpuAtStart);
  const loadCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - wallAtStart)) * 100;
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    type: 'voice',
    turns: clients.flatMap((c) => c.turns).filter((t) => !(t.speechEndAt < rampedAt)),
    rampedAt,
    speechStartedAt: [...(stt?.speechStartedAt ?? [])],
    endpointingMs: stt?.endpointingMs(),
    errors,
    // The histogram holds the timer's whole interval; the delay is what exceeds the resolution.
    loadLoopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 10),
    loadCpuPercent,
    audioFramesToServer: clients.reduce((sum, c) => sum + c.audioFramesOut, 0),
    audioFramesFromServer: clients.reduce((sum, c) => sum + c.audioFramesIn, 0),
    vendorConnections: (stt?.openConnections() ?? 0) + (cartesia?.openConnections() ?? 0),
  };
}

process.on('message', (message: LoadRequest) => {
  const handle = async (): Promise<LoadReply> => {
    switch (message.type) {
      case 'fakes':
        return startFakes(message.profile);
      case 'voice':
        return runVoice(message);
      case 'http':
        return { type: 'http', result: await runHttpLoad(message) };
      case 'close':
        await Promise.all([stt?.close(), cartesia?.close(), openai?.close()]);
        return { type: 'closed' };
    }
  };
  handle().then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'failed', message: String((error as Error)?.stack ?? error) }),
  );
});
process.send?.({ type: 'ready' });
