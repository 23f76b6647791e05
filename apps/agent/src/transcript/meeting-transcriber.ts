import { Pcm16Resampler } from '@bot-backend/audio';
import type { AudioFrame, STT, SttSession, VendorError } from '@bot-backend/interfaces';
import type { MeetingJournal } from './meeting-journal.js';
import {
  TranscriptAggregator,
  type TranscriptAggregatorOptions,
  type TranscriptSegmentRecord,
} from './transcript-aggregator.js';

export interface Speaker {
  /** The participant identity: the transcript's key, stable across reconnects. */
  identity: string;
  name?: string | undefined;
}

export interface MeetingTranscriberOptions {
  journal: MeetingJournal;
  stt: STT;
  /** Rate the STT sessions receive (frames at other rates are resampled). Default 16 000. */
  sampleRate?: number;
  language?: string | undefined;
  keywords?: readonly string[] | undefined;
  now?: () => number;
  aggregator?: TranscriptAggregatorOptions;
  /** A final was kept and is on disk. */
  onSegment?: (segment: TranscriptSegmentRecord) => void;
  /** A track's STT failed (its transcription stops; the others go on). */
  onSttError?: (speaker: Speaker, error: VendorError) => void;
  /** A journal write failed: the segment is kept in memory but not durable. */
  onJournalError?: (speaker: Speaker, error: unknown) => void;
}

export interface TrackTranscription {
  readonly speaker: Speaker;
  /** Where this track's audio starts on the meeting clock. */
  readonly offsetMs: number;
  /** Resolves when the track's last final is journalled. */
  readonly done: Promise<void>;
  /** Ends the track now: the STT flushes its finals, then `done` resolves. */
  stop(): Promise<void>;
}

/**
 * Transcribes a meeting: one streaming STT session per participant track, all
 * feeding one TranscriptAggregator on the meeting clock (the journal's origin,
 * which survives restarts). Each track's times are its STT times shifted by
 * when the track started, so late joiners and a participant's new track after a
 * reconnect land where they were said. Every kept final is journalled (fsync'd)
 * before the next one of that track is handled.
 */
export class MeetingTranscriber {
  readonly aggregator: TranscriptAggregator;
  private readonly tracks = new Set<TrackTranscription>();
  private readonly sampleRate: number;
  private readonly now: () => number;

  constructor(private readonly options: MeetingTranscriberOptions) {
    this.sampleRate = options.sampleRate ?? 16_000;
    this.now = options.now ?? Date.now;
    this.aggregator = TranscriptAggregator.from(
      options.journal.recovered?.segments ?? [],
      options.aggregator,
    );
  }

  /** Tracks being transcribed right now. */
  get activeTracks(): number {
    return this.tracks.size;
  }

  /** Starts transcribing one audio track of `speaker`; `frames` ends when the track goes. */
  addTrack(speaker: Speaker, frames: AsyncIterable<AudioFrame>): TrackTranscription {
    const offsetMs = Math.max(0, this.now() - this.options.journal.startedAt);
    const session = this.options.stt.stream({
      sampleRate: this.sampleRate,
      interimResults: true,
      language: this.options.language,
      keywords: this.options.keywords,
    });
    let stopRequested: () => void = () => {};
    const stopped = new Promise<'stop'>((resolve) => {
      stopRequested = () => resolve('stop');
    });
    const reading = this.readParts(speaker, session, offsetMs);
    const pumping = this.pumpFrames(frames, session, stopped);
    const done = (async () => {
      await pumping;
      await session.close();
      await reading;
    })();
    const track: TrackTranscription = {
      speaker,
      offsetMs,
      done,
      stop: async () => {
        stopRequested();
        await done;
      },
    };
    this.tracks.add(track);
    void done.finally(() => this.tracks.delete(track));
    return track;
  }

  /** Stops every track and waits until their finals are journalled. */
  async finish(): Promise<void> {
    await Promise.all([...this.tracks].map((track) => track.stop()));
  }

  segments(): TranscriptSegmentRecord[] {
    return this.aggregator.segments();
  }

  private async pumpFrames(
    frames: AsyncIterable<AudioFrame>,
    session: SttSession,
    stopped: Promise<'stop'>,
  ): Promise<void> {
    const iterator = frames[Symbol.asyncIterator]();
    let resampler: Pcm16Resampler | undefined;
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped]);
        if (next === 'stop' || next.done) break;
        const frame = next.value;
        if (frame.sampleRate === this.sampleRate) {
          session.push(frame);
          continue;
        }
        if (resampler?.fromRate !== frame.sampleRate) {
          resampler = new Pcm16Resampler(frame.sampleRate, this.sampleRate);
        }
        session.push({ samples: resampler.process(frame.samples), sampleRate: this.sampleRate });
      }
    } finally {
      // Releases the track's stream (a LiveKit AudioStream detaches from the track).
      void iterator.return?.();
    }
  }

  private async readParts(speaker: Speaker, session: SttSession, offsetMs: number): Promise<void> {
    for await (const part of session) {
      if (part.type === 'transcript-partial') {
        this.aggregator.setPartial({
          speaker: speaker.identity,
          text: part.text,
          startMs: offsetMs + part.startMs,
          endMs: offsetMs + part.endMs,
        });
      } else if (part.type === 'transcript-final') {
        const kept = this.aggregator.addFinal({
          speaker: speaker.identity,
          speakerName: speaker.name,
          text: part.text,
          startMs: offsetMs + part.startMs,
          endMs: offsetMs + part.endMs,
          confidence: part.confidence,
        });
        if (!kept) continue;
        try {
          await this.options.journal.append(kept);
          this.options.onSegment?.(kept);
        } catch (error) {
          this.options.onJournalError?.(speaker, error);
        }
      } else if (part.type === 'error') {
        this.options.onSttError?.(speaker, part.error);
      }
    }
  }
}
