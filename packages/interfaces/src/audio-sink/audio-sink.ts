import type { AudioFrame } from '../audio/audio-frame.js';

/** Where synthesized audio goes: a WebSocket, an SSE stream, a LiveKit track, a WAV file. */
export interface AudioSink {
  readonly specificationVersion: 'v1';
  /** Queue a frame; resolves when the sink accepted it (backpressure). */
  write(frame: AudioFrame): Promise<void>;
  /** Resolves when every queued frame has left. */
  flush(): Promise<void>;
  /** Barge-in: drop queued audio at once. Returns the milliseconds of audio dropped. */
  clear(): number;
  /** Milliseconds of audio that have left the sink so far (what the listener could hear). */
  readonly deliveredMs: number;
  close(): Promise<void>;
}
