import { defaultTurnSettings } from '@bot-backend/voice';
import { describe, expect, it } from 'vitest';
import { percentile, spread } from './stats.js';
import { analyzeTurn, bargeInFigures, policyWaitMs, summarizeTurns } from './turn-analysis.js';
import {
  defaultVendorProfile,
  followUpProposal,
  followUpProposalDeltas,
  wordDeltas,
} from './vendor-profile.js';
import type { TurnRecord } from './voice-client.js';

const turn = (overrides: Partial<TurnRecord> = {}): TurnRecord => ({
  session: 0,
  speechEndAt: 1_000,
  endpointFrameAt: 1_300,
  turnEndSeenAt: 2_300,
  phase: 'intro',
  firstSentence: 'Thanks, that makes sense.',
  firstAudioAt: 2_620,
  engine: { firstAudioMs: 318 },
  bargeIn: undefined,
  ...overrides,
});

describe('turn analysis', () => {
  it('splits first audio into the profile critical path and the overhead, without the turn-taking wait', () => {
    const p = defaultVendorProfile;
    const figures = analyzeTurn(turn(), p)!;
    // The bench's candidate gives a finished answer: the policy's short wait, not the phase's budget.
    const wait = defaultTurnSettings.endOfTurn!.finishedWaitMs;
    expect(figures.policyWaitMs).toBe(wait);
    expect(figures.responseGapMs).toBe(1_620);
    expect(figures.firstAudioMs).toBeCloseTo(1_620 - wait, 6);
    // 300 ms endpointing as paced + final delay + first token + 3 more tokens of "Thanks, that makes sense." + TTS first byte.
    const critical =
      300 + p.stt.finalDelayMs + p.llm.firstTokenMs + (3 * 1000) / p.llm.tokensPerSecond + p.tts.firstByteMs;
    expect(figures.criticalPathMs).toBeCloseTo(critical, 6);
    // The reply is prepared during the wait: the best gap is the final, then the longer of the two.
    const sttPart = 300 + p.stt.finalDelayMs;
    expect(figures.overheadMs).toBeCloseTo(1_620 - (sttPart + Math.max(wait, critical - sttPart)), 6);
    // From the engine's turn end (its own first-audio figure), not from the final transcript's arrival.
    expect(figures.afterTurnEndMs).toBe(318);
    // The final comes once the answer stands, just before the reply sounds: the split stays the engine's.
    const late = analyzeTurn(turn({ turnEndSeenAt: 2_610 }), p)!;
    expect(late.afterTurnEndMs).toBe(318);
    expect(late.sttPathMs).toBe(figures.sttPathMs);
  });

  it("leaves the split out of a turn without the engine's figures (its session closed while the reply played)", () => {
    const p = defaultVendorProfile;
    const figures = analyzeTurn(turn({ engine: undefined, turnEndSeenAt: 2_610 }), p)!;
    // What the candidate heard is still measured; where the time went is not known.
    expect(figures.responseGapMs).toBe(1_620);
    expect(figures.sttPathMs).toBeUndefined();
    expect(figures.afterTurnEndMs).toBeUndefined();
    expect(figures.restMs).toBeUndefined();
    // Nor what the pipeline added: whether the reply waited for a line or a whole proposal is not known.
    expect(figures.overheadMs).toBeUndefined();
    const summary = summarizeTurns([figures, analyzeTurn(turn(), p)!]);
    expect(summary.responseGapMs.n).toBe(2);
    expect(summary.sttPathMs.n).toBe(1);
    expect(summary.overheadMs.n).toBe(1);
  });

  it('models a reply that waited for the whole follow-up proposal and said it with fixed words', () => {
    const p = defaultVendorProfile;
    const tokenMs = 1000 / p.llm.tokensPerSecond;
    // Every proposal the bench's model makes is as long: the model's time for it does not depend on which.
    const lengths = Array.from(
      { length: 12 },
      (_, n) => wordDeltas(JSON.stringify(followUpProposal(n))).length,
    );
    expect(new Set(lengths)).toEqual(new Set([followUpProposalDeltas]));
    const proposalModel = p.llm.firstTokenMs + followUpProposalDeltas * tokenMs;
    const sttPart = 300 + p.stt.finalDelayMs;
    const wait = policyWaitMs('technical');
    const reply = proposalModel + p.tts.firstByteMs;
    expect(reply).toBeGreaterThan(wait);
    // The proposal 10 ms slower than its model; nothing else late.
    const gap = sttPart + reply + 10;
    const engine = {
      firstAudioMs: 600,
      followUpProposalMs: proposalModel + 10,
      ttsFirstByteMs: p.tts.firstByteMs,
    };
    const figures = analyzeTurn(turn({ phase: 'technical', engine, firstAudioAt: 1_000 + gap }), p)!;
    expect(figures.replyPath).toBe('proposal');
    expect(figures.criticalPathMs).toBeCloseTo(sttPart + reply, 6);
    expect(figures.overheadMs).toBeCloseTo(10, 6);
    expect(figures.llmExtraMs).toBeCloseTo(10, 6);
    // A refused proposal: the line written meanwhile goes to TTS once the verdict came, so the reply
    // waited for the longer of the two LLM calls, then TTS.
    const both = analyzeTurn(
      turn({ phase: 'technical', engine: { ...engine, llmFirstTokenMs: p.llm.firstTokenMs } }),
      p,
    )!;
    expect(both.replyPath).toBe('proposal_and_line');
    const sentenceModel = p.llm.firstTokenMs + 3 * tokenMs;
    expect(both.criticalPathMs).toBeCloseTo(
      sttPart + Math.max(proposalModel, sentenceModel) + p.tts.firstByteMs,
      6,
    );
    const lineModel = sentenceModel + p.tts.firstByteMs;
    // Without a proposal, the line alone.
    const line = analyzeTurn(
      turn({ phase: 'technical', engine: { firstAudioMs: 600, llmFirstTokenMs: p.llm.firstTokenMs } }),
      p,
    )!;
    expect(line.replyPath).toBe('line');
    expect(line.criticalPathMs).toBeCloseTo(sttPart + lineModel, 6);
  });

  it('counts slower vendor calls as overhead only where the turn-taking wait does not hide them', () => {
    const p = defaultVendorProfile;
    const wait = policyWaitMs('technical');
    const sttPart = 300 + p.stt.finalDelayMs;
    const reply = p.llm.firstTokenMs + (3 * 1000) / p.llm.tokensPerSecond + p.tts.firstByteMs;
    expect(reply).toBeGreaterThan(wait);
    // The LLM 40 ms and the TTS 20 ms slower than published: all of it is heard after the wait.
    const gap = sttPart + reply + 60 + 15;
    const endpointFrameAt = 1_300;
    // The engine ended the turn 5 ms late, and says so in its first-audio figure.
    const turnEndSeenAt = endpointFrameAt + p.stt.finalDelayMs + wait + 5;
    const engine = {
      firstAudioMs: 1_000 + gap - turnEndSeenAt,
      llmFirstTokenMs: p.llm.firstTokenMs + 40,
      ttsFirstByteMs: p.tts.firstByteMs + 20,
    };
    const figures = analyzeTurn(
      turn({ phase: 'technical', engine, firstAudioAt: 1_000 + gap, turnEndSeenAt }),
      p,
    )!;
    expect(figures.overheadMs).toBeCloseTo(75, 6);
    expect(figures.sttPathMs).toBeCloseTo(5, 6);
    expect(figures.restMs).toBeCloseTo(75 - 5 - 60, 6);
  });

  it("takes the wait from the end-of-turn policy: an unfinished answer waits the phase's budget and grace", () => {
    const { technical } = defaultTurnSettings.phases;
    expect(policyWaitMs('technical', 'We cached the slow queries because')).toBe(
      technical.endOfTurnSilenceMs! + technical.thinkingGraceMs,
    );
    expect(policyWaitMs('coding')).toBe(0);
  });

  it('summarizes the response gap per phase', () => {
    const p = defaultVendorProfile;
    const figures = [
      analyzeTurn(turn({ phase: 'intro', firstAudioAt: 1_800 }), p)!,
      analyzeTurn(turn({ phase: 'technical', firstAudioAt: 2_000 }), p)!,
      analyzeTurn(turn({ phase: 'technical', firstAudioAt: 2_400 }), p)!,
    ];
    const summary = summarizeTurns(figures);
    expect(summary.responseGapMs).toMatchObject({ n: 3, median: 1_000, max: 1_400 });
    expect(summary.responseGapByPhaseMs.intro).toMatchObject({ n: 1, median: 800 });
    expect(summary.responseGapByPhaseMs.technical).toMatchObject({ n: 2, median: 1_000, p90: 1_400 });
  });

  it('leaves out turns that never reached their first audio', () => {
    expect(analyzeTurn(turn({ firstAudioAt: undefined }), defaultVendorProfile)).toBeUndefined();
    expect(analyzeTurn(turn({ speechEndAt: Number.NaN }), defaultVendorProfile)).toBeUndefined();
  });

  it('measures a barge-in from the STT speech_started after the candidate began to the clear', () => {
    const barged = turn({
      bargeIn: { speechAt: 5_000, clearAt: 5_040, clearedTurnId: 't1', framesAfterClear: 0 },
    });
    expect(bargeInFigures([barged], [1_000, 5_010, 7_000])).toEqual([
      { toSilenceMs: 30, framesAfterClear: 0 },
    ]);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(
      percentile(
        [...values].sort((a, b) => a - b),
        99,
      ),
    ).toBe(99);
    expect(spread(values)).toMatchObject({ n: 100, min: 1, median: 50, p95: 95, max: 100 });
    expect(spread([]).n).toBe(0);
  });
});
