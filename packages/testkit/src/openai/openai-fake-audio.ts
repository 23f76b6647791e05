import type { ServerResponse } from 'node:http';
import { decodeWav, int16ToBytesLE, msToSamples, sine, wavHeader } from '@bot-backend/audio';
import type { RouteHandler } from '../loopback/loopback-types.js';
import { pauseUnlessClosed, writeAndWait } from '../loopback/paced-response.js';
import { sendJson } from '../loopback/sse-response.js';
import { type FormPart, multipartBoundary, parseMultipart } from './multipart-form.js';

/** The fake's speech: a pure tone at this frequency, 24 kHz PCM16 like OpenAI's `pcm` format. */
export const OPENAI_FAKE_TONE_HZ = 440;
export const OPENAI_FAKE_SPEECH_RATE = 24_000;
/** Speech length the fake gives each character of input (about 15 characters a second, like a voice). */
export const OPENAI_FAKE_MS_PER_CHARACTER = 65;

/** What the fake transcribes the next uploaded audio as. */
export interface OpenAiFakeTranscript {
  text: string;
  language?: string;
}

export function parseForm(
  raw: Buffer,
  headers: { 'content-type'?: string | undefined },
): FormPart[] | undefined {
  const boundary = multipartBoundary(headers['content-type']);
  return boundary === undefined ? undefined : parseMultipart(raw, boundary);
}

/** Length of an uploaded WAV; other containers count as one second. */
function audioSeconds(file: FormPart): number {
  try {
    const wav = decodeWav(new Uint8Array(file.data));
    return wav.samples.length / wav.channels / wav.sampleRate;
  } catch {
    return 1;
  }
}

/** Word timings spread evenly over the audio, as Whisper's verbose_json gives them. */
function spreadWords(text: string, durationSec: number): { word: string; start: number; end: number }[] {
  const words = text.split(/\s+/).filter(Boolean);
  const step = durationSec / Math.max(1, words.length);
  return words.map((word, index) => ({
    word: word.replace(/[^\p{L}\p{N}']/gu, ''),
    start: Number((index * step).toFixed(3)),
    end: Number(((index + 1) * step).toFixed(3)),
  }));
}

/** POST /audio/transcriptions, after the request passed the vendor's checks. */
export function transcriptionHandler(state: { transcripts: OpenAiFakeTranscript[] }): RouteHandler {
  return (req, res) => {
    const form = parseForm(req.body, req.headers) ?? [];
    const field = (name: string) => form.find((part) => part.name === name)?.data.toString('utf8');
    const file = form.find((part) => part.name === 'file') as FormPart;
    const scripted = state.transcripts.shift() ?? { text: 'This is what the fake heard.' };
    const durationSec = audioSeconds(file);
    const format = field('response_format') ?? 'json';
    const granularities = form
      .filter((p) => p.name === 'timestamp_granularities[]')
      .map((p) => p.data.toString());
    if (format === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(scripted.text);
      return;
    }
    if (format !== 'verbose_json') {
      sendJson(res, 200, {
        text: scripted.text,
        usage: { type: 'duration', seconds: Math.ceil(durationSec) },
      });
      return;
    }
    sendJson(res, 200, {
      task: 'transcribe',
      language: scripted.language ?? 'english',
      duration: durationSec,
      text: scripted.text,
      segments: [
        {
          id: 0,
          seek: 0,
          start: 0,
          end: durationSec,
          text: scripted.text,
          tokens: [],
          temperature: 0,
          avg_logprob: -0.11,
          compression_ratio: 1.2,
          no_speech_prob: 0.01,
        },
      ],
      // Whisper gives word timings only when asked for them.
      ...(granularities.includes('word') ? { words: spreadWords(scripted.text, durationSec) } : {}),
    });
  };
}

export interface SpeechState {
  /** Pauses between chunks, one per coming speech answer (`slowSpeech`). */
  speechPacing: number[];
  watchClientClose: (res: ServerResponse, fake: { closing: boolean }) => void;
}

/** POST /audio/speech, after the request passed the vendor's checks: a tone as long as the text would take to say. */
export function speechHandler(state: SpeechState): RouteHandler {
  return async (req, res) => {
    state.watchClientClose(res, { closing: false });
    const body = JSON.parse(req.body.toString('utf8')) as {
      input: string;
      response_format?: string;
      speed?: number;
    };
    const format = body.response_format ?? 'mp3';
    if (format !== 'pcm' && format !== 'wav') {
      // The service would answer; this fake only renders uncompressed audio.
      sendJson(res, 501, {
        error: {
          message: `the fake renders pcm and wav, not ${format}`,
          type: 'fake_limitation',
          param: 'response_format',
          code: null,
        },
      });
      return;
    }
    const speed = body.speed ?? 1;
    const durationMs = Math.max(300, (body.input.length * OPENAI_FAKE_MS_PER_CHARACTER) / speed);
    const tone = sine({
      frequencyHz: OPENAI_FAKE_TONE_HZ,
      durationMs,
      sampleRate: OPENAI_FAKE_SPEECH_RATE,
      amplitude: 0.3,
    });
    const pcm = Buffer.from(int16ToBytesLE(tone.samples));
    const chunkDelayMs = state.speechPacing.shift() ?? 0;
    res.writeHead(200, {
      'content-type': format === 'wav' ? 'audio/wav' : 'audio/pcm',
      'transfer-encoding': 'chunked',
    });
    if (format === 'wav') {
      await writeAndWait(
        res,
        Buffer.from(wavHeader({ dataBytes: pcm.length, sampleRate: OPENAI_FAKE_SPEECH_RATE })),
      );
    }
    // 100 ms of audio per chunk, an odd byte count so clients must rejoin split samples.
    const chunkBytes = msToSamples(100, OPENAI_FAKE_SPEECH_RATE) * 2 + 1;
    for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
      if (offset > 0) await pauseUnlessClosed(chunkDelayMs, res);
      if (res.destroyed) return;
      await writeAndWait(res, pcm.subarray(offset, offset + chunkBytes));
    }
    res.end();
  };
}
