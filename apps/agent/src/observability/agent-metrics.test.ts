import { describe, expect, it } from 'vitest';
import { AgentMetrics } from './agent-metrics.js';

describe('AgentMetrics', () => {
  it('counts joins by reason, deliveries and summaries, and summarizes latencies', () => {
    const m = new AgentMetrics();
    m.joinAccepted();
    m.joinRefused('noagent_suffix');
    m.joinRefused('noagent_suffix');
    m.joinRefused('user_management_unreachable');
    m.transcriptHandedOff('delivered', 12);
    m.transcriptHandedOff('queued', 3);
    m.summaryMade('extractive', true);
    for (const ms of [100, 300, 200, 400, 500]) m.observe('turn.first_audio', ms);
    m.observe('turn.stt', undefined);
    expect(m.snapshot()).toEqual({
      joins: { accepted: 1, refused: { noagent_suffix: 2, user_management_unreachable: 1 } },
      transcripts: { delivered: 1, queued: 1, failed: 0, segments: 15 },
      summaries: { llm: 0, extractive: 1, llmFallbacks: 1 },
      latencyMs: { 'turn.first_audio': { count: 5, p50: 300, p95: 500, max: 500 } },
    });
  });
});
