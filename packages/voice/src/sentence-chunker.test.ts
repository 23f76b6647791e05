import { describe, expect, it } from 'vitest';
import { SentenceChunker } from './sentence-chunker.js';

function chunkAll(text: string, step = 3): { early: string[]; all: string[] } {
  const chunker = new SentenceChunker();
  const early: string[] = [];
  for (let i = 0; i < text.length; i += step) early.push(...chunker.push(text.slice(i, i + step)));
  return { early, all: [...early, ...chunker.flush()] };
}

describe('SentenceChunker', () => {
  it('emits each sentence as soon as the next one starts', () => {
    const chunker = new SentenceChunker();
    expect(chunker.push('Great answer. ')).toEqual([]);
    expect(chunker.push('Now tell')).toEqual(['Great answer.']);
    expect(chunker.push(' me about caching? How')).toEqual(['Now tell me about caching?']);
    expect(chunker.flush()).toEqual(['How']);
  });

  it.each([
    [
      'numbers',
      'The p99 was 3.5 seconds and we cut it to 1,200 ms. Next question.',
      ['The p99 was 3.5 seconds and we cut it to 1,200 ms.', 'Next question.'],
    ],
    [
      'abbreviations',
      'Dr. Smith said e.g. caching helps, i.e. fewer reads. Then what?',
      ['Dr. Smith said e.g. caching helps, i.e. fewer reads.', 'Then what?'],
    ],
    ['dotted names', 'We used Node.js and os.path here. Why?', ['We used Node.js and os.path here.', 'Why?']],
    ['inline code', 'Call `obj.save(). then()` first. Good.', ['Call `obj.save(). then()` first.', 'Good.']],
    [
      'fenced code',
      'Consider this:\n```\nx = 1. y = 2. z = 3.\n```\nWhat does it print? Thanks.',
      ['Consider this:\n```\nx = 1. y = 2. z = 3.\n```\nWhat does it print?', 'Thanks.'],
    ],
    [
      'ellipses and quotes',
      'He said "stop." Then... nothing! Really?!',
      ['He said "stop."', 'Then... nothing!', 'Really?!'],
    ],
    ['initials', 'Ask J. R. Tolkien about it. Fine.', ['Ask J. R. Tolkien about it.', 'Fine.']],
  ])('never cuts inside %s', (_name, text, expected) => {
    for (const step of [1, 2, 5, 1000]) expect(chunkAll(text, step).all).toEqual(expected);
  });

  it('joins a very short first sentence with the next', () => {
    expect(chunkAll('Okay. Let us move on to system design.').all).toEqual([
      'Okay. Let us move on to system design.',
    ]);
  });

  it('cuts a run-on at a clause boundary once it grows too long', () => {
    const chunker = new SentenceChunker({ maxChars: 60 });
    const out = chunker.push(
      'First we shard the table by tenant, then we add a cache in front of it, and then ',
    );
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]!.endsWith(',')).toBe(true);
  });

  it('offers the sentence a stop would end, while only the next character decides', () => {
    const chunker = new SentenceChunker();
    chunker.push('Thanks, that makes');
    expect(chunker.tentative()).toBeUndefined();
    chunker.push(' sense.');
    expect(chunker.tentative()).toBe('Thanks, that makes sense.');
    // White space decides nothing yet; the guess stands.
    chunker.push(' ');
    expect(chunker.tentative()).toBe('Thanks, that makes sense.');
    expect(chunker.push(' How')).toEqual(['Thanks, that makes sense.']);
    // Too short to stand alone, an abbreviation, a stop inside code: no guess.
    for (const text of ['Okay.', 'Ask Dr.', 'Run `a.', 'He wrote e.g.']) {
      const fresh = new SentenceChunker();
      fresh.push(text);
      expect(fresh.tentative()).toBeUndefined();
    }
  });

  it('asking for the guess changes nothing that push gives, however the text is cut', () => {
    const text = 'Version 3.14 is out. We used Node.js here! Really?! Dr. Who said "go." Fine.';
    for (const step of [1, 2, 3, 7]) {
      const asked = new SentenceChunker();
      const plain = new SentenceChunker();
      const a: string[] = [];
      const b: string[] = [];
      for (let i = 0; i < text.length; i += step) {
        a.push(...asked.push(text.slice(i, i + step)));
        asked.tentative();
        b.push(...plain.push(text.slice(i, i + step)));
      }
      expect([...a, ...asked.flush()]).toEqual([...b, ...plain.flush()]);
    }
  });

  it('keeps every character across the stream', () => {
    const text = 'One. Two is 2.5 times one! Is `a.b` fine? Yes, e.g. here. End';
    const { all } = chunkAll(text, 4);
    expect(all.join(' ').replace(/\s+/g, ' ')).toBe(text);
  });
});
