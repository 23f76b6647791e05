/** A whole recording in a container format (WAV, WebM, MP3…), as a browser or a file gives it. */
export interface EncodedAudio {
  readonly data: Uint8Array;
  /** e.g. `audio/wav`, `audio/webm`. */
  readonly mimeType: string;
}

/** What whole-utterance calls accept: raw PCM frames or an encoded file. */
export type AudioInput = import('./audio-frame.js').AudioFrame | EncodedAudio;
