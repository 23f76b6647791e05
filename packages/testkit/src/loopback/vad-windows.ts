/**
 * PCM16 mono audio as a VAD hears it: 20 ms windows (the last may be shorter),
 * as views of `bytes`. A fake that judges voice per window, not per message,
 * answers the same however the client cut its audio into messages.
 */
export function* vadWindows(bytes: Buffer, sampleRate: number): Generator<Buffer> {
  const windowBytes = Math.max(2, Math.round(sampleRate / 50) * 2);
  for (let at = 0; at < bytes.length; at += windowBytes) {
    yield bytes.subarray(at, Math.min(at + windowBytes, bytes.length));
  }
}
