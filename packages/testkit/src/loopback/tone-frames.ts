import type { AudioFrame } from '@bot-backend/interfaces';

/**
 * `ms` of a quiet 220 Hz tone as 20 ms PCM16 frames, phase continuous: audio to
 * push into a streaming STT session when only its amount matters to the fake.
 */
export function toneFrames(ms: number, sampleRate = 16000): AudioFrame[] {
  const perFrame = sampleRate / 50;
  const step = (2 * Math.PI * 220) / sampleRate;
  return Array.from({ length: Math.ceil(ms / 20) }, (_, f) => {
    const samples = new Int16Array(perFrame);
    for (let i = 0; i < perFrame; i++) samples[i] = Math.round(3000 * Math.sin(step * (f * perFrame + i)));
    return { samples, sampleRate };
  });
}
