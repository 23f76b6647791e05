/**
 * Small signal measurements, mainly for tests: loudness and the frequency of a tone.
 */

type Samples = Int16Array | Float32Array;

function scaleOf(samples: Samples): number {
  return samples instanceof Int16Array ? 32768 : 1;
}

/** Root mean square, normalized to full scale (0 = silence, ~0.707 = full-scale sine). */
export function rms(samples: Samples): number {
  if (samples.length === 0) return 0;
  const scale = scaleOf(samples);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! / scale;
    sum += v * v;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * `rms(samples) >= level`, read only as far as needed: the sum of squares only
 * grows, so a loud frame is decided in its first samples, and no division is
 * made per sample (a live voice loop asks this of every microphone frame).
 */
export function rmsAtLeast(samples: Samples, level: number): boolean {
  if (samples.length === 0) return level <= 0;
  const scale = scaleOf(samples);
  const target = level * level * samples.length * scale * scale;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    sum += v * v;
    if (sum >= target) return true;
  }
  return sum >= target;
}

/** Largest absolute sample, normalized to full scale. */
export function peak(samples: Samples): number {
  const scale = scaleOf(samples);
  let max = 0;
  for (let i = 0; i < samples.length; i++) max = Math.max(max, Math.abs(samples[i]! / scale));
  return max;
}

/**
 * Frequency of a dominant tone from its upward zero crossings, with the
 * crossing instants interpolated between samples, so the estimate is far finer
 * than one sample period. Returns 0 when fewer than two crossings exist.
 */
export function estimateFrequency(samples: Samples, sampleRate: number): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a < 0 && b >= 0) {
      const at = i - 1 + a / (a - b);
      if (first < 0) first = at;
      last = at;
      count++;
    }
  }
  if (count < 2 || last <= first) return 0;
  return ((count - 1) * sampleRate) / (last - first);
}

/**
 * Power of one frequency (Goertzel), normalized so a full-scale sine at exactly
 * that frequency gives about 0.25 (amplitude squared / 4).
 */
export function goertzelPower(samples: Samples, sampleRate: number, frequencyHz: number): number {
  const n = samples.length;
  if (n === 0) return 0;
  const scale = scaleOf(samples);
  const coeff = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i]! / scale + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return power / (n * n);
}
