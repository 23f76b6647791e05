export { estimateFrequency, goertzelPower, peak, rms, rmsAtLeast } from './analysis.js';
export { FrameChunker } from './chunker.js';
export { type AudioContainerMime, detectAudioContainer } from './container.js';
export { concatFrames, concatSamples, frameDurationMs, msToSamples, samplesToMs } from './frame.js';
export {
  base64ToInt16,
  bytesLEToFloat32,
  bytesLEToInt16,
  float32ToBytesLE,
  float32ToInt16,
  hostIsLittleEndian,
  int16BytesLE,
  int16FromBytesLE,
  int16ToBase64,
  int16ToBytesLE,
  int16ToFloat32,
  PcmByteDecoder,
  type PcmByteEncoding,
} from './pcm.js';
export {
  Pcm16Resampler,
  Resampler,
  type ResamplerOptions,
  resampleFloat32,
  resampleFrame,
  resamplePcm16,
} from './resample.js';
export {
  type NoiseOptions,
  noise,
  type SineOptions,
  type SpeechLikeOptions,
  silence,
  sine,
  sineFloat32,
  speechLike,
} from './signals.js';
export { MemoryAudioSink } from './sinks/memory-audio-sink.js';
export {
  AudioSinkClosedError,
  QueuedAudioSink,
  type QueuedAudioSinkOptions,
} from './sinks/queued-audio-sink.js';
export { SseAudioSink, type SseAudioSinkOptions, type SseWriter, sseEvent } from './sinks/sse-audio-sink.js';
export { WavFileSink, type WavFileSinkOptions } from './sinks/wav-file-sink.js';
export {
  type AudioWebSocket,
  WebSocketAudioSink,
  type WebSocketAudioSinkOptions,
} from './sinks/websocket-audio-sink.js';
export {
  type DecodedWav,
  decodeWav,
  decodeWavToFrame,
  downmixToMono,
  encodeWav,
  encodeWavFrame,
  WAV_HEADER_BYTES,
  type WavEncodeInput,
  WavFormatError,
  wavHeader,
} from './wav.js';
