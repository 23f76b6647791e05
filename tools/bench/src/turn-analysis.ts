import { defaultTurnSettings, scoreCompleteness, silenceToEndTurnMs } from '@bot-backend/voice';
import { type Spread, spread } from './stats.js';
import { candidateAnswer, followUpProposalDeltas, type VendorProfile, wordDeltas } from './vendor-profile.js';
import type { TurnRecord } from './voice-client.js';

/** One measured streamed turn, ms. */
export interface TurnFigures {
  /** End of speech → first audio at the client, less the engine's deliberate turn-taking wait. */
  firstAudioMs: number;
  /** What the candidate hears: end of speech → first audio at the client, the turn-taking wait included. */
  responseGapMs: number;
  phase: string;
  /** What the profile makes unavoidable: STT final + LLM first token + the first sentence's tokens + TTS first byte. */
  criticalPathMs: number;
  /** The STT part of it: the endpointing window as paced + the final delay. */
  sttCriticalMs: number;
  /**
   * What the candidate waited beyond the critical path. Undefined without the engine's figures (a
   * session closed by the end of the run while its reply played): which path the reply took is unknown.
   */
  overheadMs: number | undefined;
  /** The engine's end of turn seen at the client → first audio. */
  afterTurnEndMs: number | undefined;
  /** The engine's own figures. */
  engineFirstAudioMs: number | undefined;
  engineLlmFirstTokenMs: number | undefined;
  engineTtsFirstByteMs: number | undefined;
  policyWaitMs: number;
  /**
   * Where the overhead goes. STT path: the endpointing frame leaving the client →
   * the engine's end of turn seen at the client, less the profile's final delay
   * and the turn-taking wait (audio relayed to the STT, the final relayed back, timer lateness).
   */
  sttPathMs: number | undefined;
  /**
   * What the reply waited for: the LLM's line (its first sentence); the LLM's whole follow-up
   * proposal, said as proposed (fixed words); or both at once, when the proposal was refused and the
   * line written meanwhile was said (its first sentence goes to TTS once the proposal is decided).
   */
  replyPath: 'line' | 'proposal' | 'proposal_and_line';
  /** The engine's LLM call (line: request → first token; proposal: request → answer), less the profile's time for it. */
  llmExtraMs: number | undefined;
  /** The engine's first sentence → TTS first byte, less the profile's first-byte time. */
  ttsExtraMs: number | undefined;
  /** The rest: overhead less the STT path and the vendor calls' extra time the wait did not hide (engine, sink to client). */
  restMs: number | undefined;
}

/**
 * The engine's deliberate wait after the final transcript, as its end-of-turn policy sets it for
 * this answer in this phase (the silence runs from the final's arrival).
 */
export function policyWaitMs(phase: string, answer: string = candidateAnswer): number {
  const settings = defaultTurnSettings.phases[phase as keyof typeof defaultTurnSettings.phases];
  if (!settings) return 0;
  return silenceToEndTurnMs(scoreCompleteness(answer), settings, defaultTurnSettings.endOfTurn) ?? 0;
}

/** The LLM part of a reply's path: the line's first sentence, the whole proposal, or the longer of the two. */
function llmPart(path: TurnFigures['replyPath'], proposal: number, sentence: number): number;
function llmPart(
  path: TurnFigures['replyPath'],
  proposal: number | undefined,
  sentence: number | undefined,
): number | undefined;
function llmPart(
  path: TurnFigures['replyPath'],
  proposal: number | undefined,
  sentence: number | undefined,
): number | undefined {
  if (path === 'line') return sentence;
  if (path === 'proposal') return proposal;
  return proposal === undefined || sentence === undefined ? undefined : Math.max(proposal, sentence);
}

export function analyzeTurn(turn: TurnRecord, profile: VendorProfile): TurnFigures | undefined {
  if (
    turn.firstAudioAt === undefined ||
    turn.turnEndSeenAt === undefined ||
    turn.endpointFrameAt === undefined ||
    turn.firstSentence === undefined ||
    !Number.isFinite(turn.speechEndAt)
  ) {
    return undefined;
  }
  const phase = turn.phase ?? 'unknown';
  const waitMs = policyWaitMs(phase);
  const tokenMs = 1000 / profile.llm.tokensPerSecond;
  const sentenceTokens = wordDeltas(turn.firstSentence).length;
  // The endpointing window as the client really paced it, then the profile's latencies.
  const sttMs = turn.endpointFrameAt - turn.speechEndAt + profile.stt.finalDelayMs;
  // The reply's own path after the final: LLM first token, the first sentence, TTS first byte; or, when
  // the reply waited for a follow-up proposal and said it with fixed words, the whole proposal (a
  // non-streamed answer comes after its last token), then TTS first byte.
  const proposalMs = turn.engine?.followUpProposalMs;
  const lineLlm = turn.engine?.llmFirstTokenMs;
  const replyPath: TurnFigures['replyPath'] =
    proposalMs === undefined ? 'line' : lineLlm === undefined ? 'proposal' : 'proposal_and_line';
  const proposalModelMs = profile.llm.firstTokenMs + followUpProposalDeltas * tokenMs;
  const sentenceModelMs = profile.llm.firstTokenMs + Math.max(0, sentenceTokens - 1) * tokenMs;
  const replyMs = llmPart(replyPath, proposalModelMs, sentenceModelMs) + profile.tts.firstByteMs;
  const criticalPathMs = sttMs + replyMs;
  const responseGapMs = turn.firstAudioAt - turn.speechEndAt;
  const firstAudioMs = responseGapMs - waitMs;
  // The reply is prepared during the turn-taking wait (preemptive replies), so the best this engine
  // can do is the STT's final, then the longer of the wait and the reply's path: the overhead is
  // what the candidate hears beyond that.
  const overheadMs = responseGapMs - (sttMs + Math.max(waitMs, replyMs));
  // The engine's turn end, from its own figure: the candidate's final transcript comes once the answer
  // stands (its reply ready to sound, as a turn may be taken back before), not when the turn ended.
  // A turn without the engine's figures (its session closed while the reply played) has no split.
  const engineFirstAudioMs = turn.engine?.firstAudioMs;
  const turnEndAt = engineFirstAudioMs === undefined ? undefined : turn.firstAudioAt - engineFirstAudioMs;
  const sttPathMs =
    turnEndAt === undefined
      ? undefined
      : turnEndAt - turn.endpointFrameAt - profile.stt.finalDelayMs - waitMs;
  // The calls' time beyond the profile: the proposal (request → answer), the line's first token, TTS first byte.
  const tts = turn.engine?.ttsFirstByteMs;
  const ttsExtraMs = tts === undefined ? undefined : tts - profile.tts.firstByteMs;
  const proposalExtraMs = proposalMs === undefined ? undefined : proposalMs - proposalModelMs;
  const lineExtraMs = lineLlm === undefined ? undefined : lineLlm - profile.llm.firstTokenMs;
  // What the LLM part took, as run (the longer of those the reply needed), then TTS as run.
  const sentenceAsRun = lineExtraMs === undefined ? undefined : sentenceModelMs + lineExtraMs;
  const llmAsRun = llmPart(replyPath, proposalMs, sentenceAsRun);
  const replyAsRunMs =
    llmAsRun === undefined || ttsExtraMs === undefined
      ? undefined
      : llmAsRun + profile.tts.firstByteMs + ttsExtraMs;
  // The LLM call that gated the reply, beyond its profile time.
  const llmExtraMs =
    replyPath === 'line'
      ? lineExtraMs
      : replyPath === 'proposal' || (proposalMs ?? 0) >= (sentenceAsRun ?? 0)
        ? proposalExtraMs
        : lineExtraMs;
  // Vendor calls slower than the profile cost the candidate only what the wait does not hide.
  const heardVendorExtraMs =
    replyAsRunMs === undefined ? undefined : Math.max(waitMs, replyAsRunMs) - Math.max(waitMs, replyMs);
  return {
    firstAudioMs,
    responseGapMs,
    phase,
    criticalPathMs,
    sttCriticalMs: sttMs,
    overheadMs: turn.engine === undefined ? undefined : overheadMs,
    afterTurnEndMs: turnEndAt === undefined ? undefined : turn.firstAudioAt - turnEndAt,
    engineFirstAudioMs: turn.engine?.firstAudioMs,
    engineLlmFirstTokenMs: turn.engine?.llmFirstTokenMs,
    engineTtsFirstByteMs: turn.engine?.ttsFirstByteMs,
    policyWaitMs: waitMs,
    replyPath,
    sttPathMs,
    llmExtraMs,
    ttsExtraMs,
    restMs:
      heardVendorExtraMs === undefined || sttPathMs === undefined
        ? undefined
        : overheadMs - sttPathMs - heardVendorExtraMs,
  };
}

export interface TurnSummary {
  turns: number;
  firstAudioMs: Spread;
  responseGapMs: Spread;
  /** The response gap per interview phase. */
  responseGapByPhaseMs: Record<string, Spread>;
  criticalPathMs: Spread;
  sttCriticalMs: Spread;
  overheadMs: Spread;
  afterTurnEndMs: Spread;
  engineFirstAudioMs: Spread;
  engineLlmFirstTokenMs: Spread;
  engineTtsFirstByteMs: Spread;
  policyWaitMs: Spread;
  sttPathMs: Spread;
  llmExtraMs: Spread;
  ttsExtraMs: Spread;
  restMs: Spread;
}

export function summarizeTurns(figures: readonly TurnFigures[]): TurnSummary {
  const of = (pick: (f: TurnFigures) => number | undefined) =>
    spread(figures.map(pick).filter((v): v is number => v !== undefined));
  return {
    turns: figures.length,
    firstAudioMs: of((f) => f.firstAudioMs),
    responseGapMs: of((f) => f.responseGapMs),
    responseGapByPhaseMs: Object.fromEntries(
      [...new Set(figures.map((f) => f.phase))].map((phase) => [
        phase,
        spread(figures.filter((f) => f.phase === phase).map((f) => f.responseGapMs)),
      ]),
    ),
    criticalPathMs: of((f) => f.criticalPathMs),
    sttCriticalMs: of((f) => f.sttCriticalMs),
    overheadMs: of((f) => f.overheadMs),
    afterTurnEndMs: of((f) => f.afterTurnEndMs),
    engineFirstAudioMs: of((f) => f.engineFirstAudioMs),
    engineLlmFirstTokenMs: of((f) => f.engineLlmFirstTokenMs),
    engineTtsFirstByteMs: of((f) => f.engineTtsFirstByteMs),
    policyWaitMs: of((f) => f.policyWaitMs),
    sttPathMs: of((f) => f.sttPathMs),
    llmExtraMs: of((f) => f.llmExtraMs),
    ttsExtraMs: of((f) => f.ttsExtraMs),
    restMs: of((f) => f.restMs),
  };
}

/** Barge-in: the STT's SpeechStarted → the `clear` that silences the client's player. */
export function bargeInFigures(turns: readonly TurnRecord[], speechStartedAt: readonly number[]) {
  const figures: { toSilenceMs: number; framesAfterClear: number }[] = [];
  for (const turn of turns) {
    const barge = turn.bargeIn;
    if (!barge || barge.clearAt === undefined) continue;
    const started = speechStartedAt.find((at) => at >= barge.speechAt - 1);
    if (started === undefined || started > barge.clearAt) continue;
    figures.push({ toSilenceMs: barge.clearAt - started, framesAfterClear: barge.framesAfterClear });
  }
  return figures;
}
