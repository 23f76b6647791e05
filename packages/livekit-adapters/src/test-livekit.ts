import { initializeLogger } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

// LiveKit's stream classes log through a logger the worker normally sets up.
initializeLogger({ pretty: false, level: 'error' });

/** `ms` of a 220 Hz tone as 20 ms rtc-node frames at `sampleRate`. */
export function toneFrames(ms: number, sampleRate: number): AudioFrame[] {
  const perFrame = sampleRate / 50;
  return Array.from({ length: Math.ceil(ms / 20) }, (_, f) => {
    const samples = new Int16Array(perFrame);
    for (let i = 0; i < perFrame; i++) {
      samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * (f * perFrame + i)) / sampleRate));
    }
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
