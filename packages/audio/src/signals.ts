import type { AudioFrame } from '@bot-backend/interfaces';
import { msToSamples } from './frame.js';

/** A frame of digital silence. */
export function silence(durationMs: number, sampleRate: number): AudioFrame {
  return { samples: new Int16Array(msToSamples(durationMs, sampleRate)), sampleRate };
}

export interface SineOptions {
  frequencyHz: number;
  durationMs: number;
  sampleRate: number;
  /** Peak amplitude in [0, 1] of full scale; default 0.5. */
  amplitude?: number;
  /** Starting phase in radians; default 0. */
  phase?: number;
}

/** A pure tone as float32 samples in [-1, 1] (for vendors that stream float, and for DSP tests). */
export function sineFloat32(options: SineOptions): Float32Array {
  const { frequencyHz, sampleRate } = options;
  const amplitude = options.amplitude ?? 0.5;
  const phase = options.phase ?? 0;
  const out = new Float32Array(msToSamples(options.durationMs, sampleRate));
  const step = (2 * Math.PI * frequencyHz) / sampleRate;
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin(phase + step * i);
  return out;
}

/** A pure tone as a PCM16 frame. */
export function sine(options: SineOptions): AudioFrame {
  const floats = sineFloat32(options);
  const samples = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i++) samples[i] = Math.round(floats[i]! * 32767);
  return { samples, sampleRate: options.sampleRate };
}

export interface SpeechLikeOptions {
  durationMs: number;
  sampleRate: number;
  /** Fundamental (pitch) in Hz; default 140. */
  pitchHz?: number;
  /** Peak amplitude in [0, 1]; default 0.4. */
  amplitude?: number;
}

/**
 * A deterministic voiced, syllable-like signal: a fundamental with falling
 * harmonics, amplitude-modulated at about 4 syllables per second with short
 * pauses. Energy-based VADs and vendor fakes treat it as speech; it carries no words.
 */
export function speechLike(options: SpeechLikeOptions): AudioFrame {
  const { sampleRate } = options;
  const pitch = options.pitchHz ?? 140;
  const amplitude = options.amplitude ?? 0.4;
  const n = msToSamples(options.durationMs, sampleRate);
  const samples = new Int16Array(n);
  const syllableHz = 4;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    // Slow pitch drift, like intonation.
    const f0 = pitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t));
    let v = 0;
    for (let h = 1; h <= 8; h++) {
      if (f0 * h >= sampleRate / 2) break;
      v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    }
    // Syllable envelope: raised sine with a gap between syllables.
    const env = Math.max(0, Math.sin(Math.PI * ((t * syllableHz) % 1)) - 0.15) / 0.85;
    samples[i] = Math.round(amplitude * 0.55 * v * env * 32767);
  }
  return { samples, sampleRate };
}

export interface NoiseOptions {
  durationMs: number;
  sampleRate: number;
  /** Loudness as RMS, dBFS (a microphone's noise floor in a quiet room: about −60). */
  rmsDbfs: number;
  /** The same seed gives the same samples; default 1. */
  seed?: number;
}

/**
 * Deterministic white noise (a microphone's hiss): each sample the sum of four
 * uniforms from a seeded LCG, near-Gaussian and bounded at 3.5 times the RMS.
 */
export function noise(options: NoiseOptions): AudioFrame {
  const rms = 32768 * 10 ** (options.rmsDbfs / 20);
  let state = options.seed ?? 1;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const samples = new Int16Array(msToSamples(options.durationMs, options.sampleRate));
  for (let i = 0; i < samples.length; i++) {
    const sum = uniform() + uniform() + uniform() + uniform() - 2;
    samples[i] = Math.round(sum * Math.sqrt(3) * rms);
  }
  return { samples, sampleRate: options.sampleRate };
}
