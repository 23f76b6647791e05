import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface VoiceTurnFigures {
  sttMs?: number | undefined;
  llmFirstTokenMs?: number | undefined;
  ttsFirstByteMs?: number | undefined;
  firstAudioMs?: number | undefined;
  followUpProposalMs?: number | undefined;
}

/** /metrics of the voice route: per-turn latency histograms, live sessions, why sockets closed. */
export class VoiceMetrics {
  readonly activeSessions: Gauge;
  readonly closes: Counter<'reason'>;
  /** Replies prepared at a candidate's pause: generated, used (played), discarded unheard (they went on). */
  readonly preemptiveReplies: Counter<'outcome'>;
  /** First sentences sent to TTS before their end was decided: sent, and refuted (a TTS request wasted). */
  readonly earlySentences: Counter<'outcome'>;
  /** Upgrades a cluster worker sent on to a worker that ran fewer interviews (voice-placement.ts). */
  readonly sentOn: Counter;
  private readonly turn: Record<keyof VoiceTurnFigures, Histogram>;

  constructor(registry: Registry) {
    const buckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];
    const histogram = (name: string, help: string) =>
      new Histogram({ name, help, buckets, registers: [registry] });
    this.turn = {
      sttMs: histogram('voice_stt_final_delay_seconds', 'End of candidate speech to the final transcript'),
      llmFirstTokenMs: histogram('voice_llm_first_token_seconds', 'LLM request to its first token'),
      ttsFirstByteMs: histogram(
        'voice_tts_first_byte_seconds',
        'First sentence sent to TTS to its first audio',
      ),
      firstAudioMs: histogram(
        'voice_first_audio_seconds',
        "End of the candidate's turn to the first audio frame sent",
      ),
      followUpProposalMs: histogram(
        'voice_follow_up_proposal_seconds',
        "The LLM's follow-up proposal a reply waited for (request to its checked answer)",
      ),
    };
    this.activeSessions = new Gauge({
      name: 'voice_active_sessions',
      help: 'Open /ws/voice sockets',
      registers: [registry],
    });
    this.closes = new Counter({
      name: 'voice_sessions_closed_total',
      help: '/ws/voice sockets closed, by reason (client, end, limit codes, error)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.preemptiveReplies = new Counter({
      name: 'voice_preemptive_replies_total',
      help: "Replies prepared at the candidate's pause, by outcome: generated, used, discarded (the candidate went on; never heard)",
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.earlySentences = new Counter({
      name: 'voice_early_first_sentences_total',
      help: "A reply's first sentence sent to TTS before the next LLM delta decided its end, by outcome: sent, refuted (its audio dropped unheard)",
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.sentOn = new Counter({
      name: 'voice_sessions_sent_on_total',
      help: 'Interviews a cluster worker sent on, before their ticket was checked, to a worker that ran fewer',
      registers: [registry],
    });
  }

  recordTurn(figures: VoiceTurnFigures): void {
    for (const key of Object.keys(this.turn) as (keyof VoiceTurnFigures)[]) {
      const ms = figures[key];
      if (ms !== undefined && Number.isFinite(ms) && ms >= 0) this.turn[key].observe(ms / 1000);
    }
  }
}
