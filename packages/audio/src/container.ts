/**
 * Recognise an encoded recording from its first bytes, for clients that send a
 * whole utterance as base64 without saying what it is (the prototype's
 * `audio {audio: base64}` message: WebM from MediaRecorder, or WAV).
 */
export type AudioContainerMime =
  | 'audio/wav'
  | 'audio/webm'
  | 'audio/ogg'
  | 'audio/mpeg'
  | 'audio/mp4'
  | 'audio/flac';

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  if (bytes.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The container's MIME type, or undefined when the bytes look like none we know (e.g. raw PCM). */
export function detectAudioContainer(bytes: Uint8Array): AudioContainerMime | undefined {
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  // EBML header: WebM and Matroska.
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'audio/webm';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'fLaC')) return 'audio/flac';
  if (ascii(bytes, 4, 'ftyp')) return 'audio/mp4';
  if (ascii(bytes, 0, 'ID3')) return 'audio/mpeg';
  // MPEG audio frame sync: 11 set bits.
  if (bytes[0] === 0xff && bytes[1] !== undefined && (bytes[1] & 0xe0) === 0xe0) return 'audio/mpeg';
  return undefined;
}
