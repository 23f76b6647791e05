import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeWav, downmixToMono, resamplePcm16, rms } from '@bot-backend/audio';

const run = promisify(execFile);

/** The sample rate the simulated microphone streams at. */
export const micSampleRate = 16_000;
/** Microphone frames are this long (320 samples at 16 kHz). */
export const frameMs = 20;
/** A frame quieter than this (RMS, 0–1 of full scale) is silence, for the Deepgram fake and for the turn analysis. */
export const voicedRms = 0.01;

/** One utterance: 16 kHz PCM16, and how much of it is voiced (the STT hands out words over voiced audio). */
export interface Speech {
  text: string;
  samples: Int16Array;
  durationMs: number;
  voicedMs: number;
}

/** espeak-ng's version line, or undefined when it is not installed (the sim cannot speak). */
export function espeakVersion(binary = 'espeak-ng'): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim().split('\n')[0];
}

export interface SpeechSynthesizerOptions {
  binary?: string;
  /** espeak-ng voice (default en-us). */
  voice?: string;
  /**
   * Speed-up of the whole simulated world: the speech is compressed by this
   * factor (resampled, so it is shorter and higher), like every other duration.
   */
  timeScale?: number;
}

/**
 * Real speech for the personas: espeak-ng renders the text, which is
 * resampled to the microphone's rate. Renders are cached per text and speed.
 */
export class SpeechSynthesizer {
  private readonly cache = new Map<string, Promise<Speech>>();
  private readonly binary: string;
  private readonly voice: string;
  private readonly timeScale: number;

  constructor(options: SpeechSynthesizerOptions = {}) {
    this.binary = options.binary ?? 'espeak-ng';
    this.voice = options.voice ?? 'en-us';
    this.timeScale = options.timeScale ?? 1;
  }

  speak(text: string, wordsPerMinute = 165): Promise<Speech> {
    const key = `${wordsPerMinute}|${text}`;
    let speech = this.cache.get(key);
    if (!speech) {
      speech = this.render(text, wordsPerMinute);
      this.cache.set(key, speech);
      speech.catch(() => this.cache.delete(key));
    }
    return speech;
  }

  private async render(text: string, wordsPerMinute: number): Promise<Speech> {
    const dir = await mkdtemp(join(tmpdir(), 'sim-speech-'));
    try {
      const file = join(dir, 'speech.wav');
      // The text goes in as an argument (no shell); `--` keeps a leading dash from reading as an option.
      await run(this.binary, ['-v', this.voice, '-s', String(wordsPerMinute), '-w', file, '--', text]);
      const wav = decodeWav(new Uint8Array(await readFile(file)));
      const mono = downmixToMono(wav.samples, wav.channels);
      // Compressing time: the audio is taken as if recorded k times faster.
      // espeak pads each render with silence; the personas' pauses are the silences between parts, so trim it.
      const samples = trimSilence(
        resamplePcm16(mono, Math.round(wav.sampleRate * this.timeScale), micSampleRate),
      );
      return {
        text,
        samples,
        durationMs: (samples.length / micSampleRate) * 1000,
        voicedMs: voicedMs(samples),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Milliseconds of 20 ms frames whose RMS is at least `voicedRms`. */
export function voicedMs(samples: Int16Array): number {
  const perFrame = (micSampleRate * frameMs) / 1000;
  let voiced = 0;
  for (let at = 0; at < samples.length; at += perFrame) {
    if (rms(samples.subarray(at, at + perFrame)) >= voicedRms) voiced += frameMs;
  }
  return voiced;
}

/** Drops the silent 20 ms frames at both ends (keeps one frame of each, so the onset is not clipped). */
export function trimSilence(samples: Int16Array): Int16Array {
  const perFrame = (micSampleRate * frameMs) / 1000;
  const frames = Math.ceil(samples.length / perFrame);
  const loud = (i: number) => rms(samples.subarray(i * perFrame, (i + 1) * perFrame)) >= voicedRms;
  let first = 0;
  while (first < frames && !loud(first)) first += 1;
  if (first === frames) return samples;
  let last = frames - 1;
  while (last > first && !loud(last)) last -= 1;
  return samples.slice(Math.max(0, first - 1) * perFrame, Math.min(frames, last + 2) * perFrame);
}
