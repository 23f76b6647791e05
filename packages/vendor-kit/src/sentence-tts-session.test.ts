import type { TtsStreamPart } from '@bot-backend/interfaces';
import { VendorError } from '@bot-backend/interfaces';
import { collectStream as collect } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { SentenceTtsSession } from './sentence-tts-session.js';

/** A synthesis that renders 10 samples per character, in two frames, after a short wait. */
function synthesizer(log: string[], signals: AbortSignal[]) {
  return async function* (text: string, signal: AbortSignal): AsyncIterable<TtsStreamPart> {
    log.push(text);
    signals.push(signal);
    if (text.includes('FAIL')) {
      yield { type: 'error', error: new VendorError({ kind: 'bad_request', vendor: 'acme', message: 'no' }) };
      return;
    }
    const half = new Int16Array(text.length * 5).fill(text.length);
    await new Promise((resolve) => setTimeout(resolve, 5));
    yield { type: 'audio', frame: { samples: half, sampleRate: 16000 } };
    yield { type: 'audio', frame: { samples: half, sampleRate: 16000 } };
    yield { type: 'finish', characters: text.length, audioMs: text.length };
  };
}

describe('SentenceTtsSession', () => {
  it('synthesizes each pushed text in order and ends with one finish summing them', async () => {
    const log: string[] = [];
    const session = new SentenceTtsSession(synthesizer(log, []));
    session.pushText('Hello there. ');
    session.pushText('   ');
    session.pushText('How are you?');
    session.end();
    const parts = await collect(session);
    expect(log).toEqual(['Hello there. ', 'How are you?']);
    const audio = parts.filter((p) => p.type === 'audio');
    expect(audio.map((p) => p.type === 'audio' && p.frame.samples[0])).toEqual([13, 13, 12, 12]);
    expect(parts.at(-1)).toEqual({ type: 'finish', characters: 25, audioMs: 25 });
    expect(parts.filter((p) => p.type === 'finish')).toHaveLength(1);
  });

  it('an error part ends the session; later texts are not synthesized', async () => {
    const log: string[] = [];
    const session = new SentenceTtsSession(synthesizer(log, []));
    session.pushText('FAIL now.');
    session.pushText('Never.');
    session.end();
    const parts = await collect(session);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'bad_request' }) }]);
    expect(log).toEqual(['FAIL now.']);
  });

  it('close() aborts the request in flight and drops audio not yet read', async () => {
    const signals: AbortSignal[] = [];
    const session = new SentenceTtsSession(synthesizer([], signals));
    session.pushText('A long sentence to speak.');
    const iterator = session[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.type).toBe('audio');
    await session.close();
    expect(signals[0]?.aborted).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("the caller's signal closes it like close()", async () => {
    const controller = new AbortController();
    const session = new SentenceTtsSession(synthesizer([], []), controller.signal);
    session.pushText('Hello.');
    controller.abort();
    session.pushText('Ignored.');
    expect(await collect(session)).toEqual([]);
  });
});
