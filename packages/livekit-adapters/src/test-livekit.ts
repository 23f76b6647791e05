import { sine } from '@bot-backend/audio';
import { initializeLogger } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

// LiveKit's stream classes log through a logger the worker normally sets up.
initializeLogger({ pretty: false, level: 'error' });

/** `ms` of a 220 Hz tone as 20 ms rtc-node frames at `sampleRate`. */
export function toneFrames(ms: number, sampleRate: number): AudioFrame[] {
  const perFrame = sampleRate / 50;
  const count = Math.ceil(ms / 20);
  const tone = sine({ frequencyHz: 220, durationMs: count * 20, sampleRate, amplitude: 3000 / 32_767 });
  return Array.from({ length: count }, (_, f) => {
    const samples = tone.samples.slice(f * perFrame, (f + 1) * perFrame);
    return new AudioFrame(samples, sampleRate, 1, perFrame);
  });
}

export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
