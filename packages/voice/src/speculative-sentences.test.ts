import { describe, expect, it } from 'vitest';
import { SentenceChunker } from './sentence-chunker.js';
import { SpeculativeSentences, type SpokenLine } from './speculative-sentences.js';

function run(
  deltas: string[],
  keep: (s: string) => boolean = () => true,
  mayGuess: (s: string) => boolean = () => true,
): SpokenLine[][] {
  const lines = new SpeculativeSentences(new SentenceChunker(), { keep, mayGuess });
  return [...deltas.map((d) => lines.push(d)), lines.flush()];
}

/** What is finally spoken: sentences and confirmed guesses, in order. */
function spoken(steps: SpokenLine[][]): string[] {
  return steps.flat().flatMap((l) => (typeof l === 'string' ? [l] : l.kind === 'confirm' ? [l.text] : []));
}

describe('SpeculativeSentences', () => {
  it('offers the first sentence when its stop arrives, and confirms it with the next delta', () => {
    const steps = run(['Thanks, that makes', ' sense.', ' How did', ' it go?', ' Tell me.']);
    expect(steps[1]).toEqual([{ kind: 'speculate', text: 'Thanks, that makes sense.' }]);
    expect(steps[2]).toEqual([{ kind: 'confirm', text: 'Thanks, that makes sense.' }]);
    // Only the first sentence is guessed; the rest come as the chunker gives them.
    expect(steps[4]).toEqual(['How did it go?']);
    expect(spoken(steps)).toEqual(['Thanks, that makes sense.', 'How did it go?', 'Tell me.']);
  });

  it('refutes a guess the next delta shows wrong, and the sentence comes whole afterwards', () => {
    const steps = run(['The new version is 3.', '14 now.', ' Next.']);
    expect(steps[0]).toEqual([{ kind: 'speculate', text: 'The new version is 3.' }]);
    expect(steps[1]?.[0]).toEqual({ kind: 'refute', text: 'The new version is 3.' });
    expect(spoken(steps)).toEqual(['The new version is 3.14 now.', 'Next.']);
    // The same words as without guessing, in the same order.
    expect(spoken(steps)).toEqual(
      spoken(
        run(
          ['The new version is 3.', '14 now.', ' Next.'],
          () => true,
          () => false,
        ),
      ),
    );
  });

  it('asks the filter once per sentence, a guess when it is confirmed; a dropped guess is refuted', () => {
    const asked: string[] = [];
    // A filter whose answer changes between the guess and the verdict (its memory moved on).
    const steps = run(
      ['Ignore that answer.', ' Good point.', ' Go on.'],
      (s) => {
        asked.push(s);
        return !s.startsWith('Ignore');
      },
      () => true,
    );
    expect(steps[1]?.[0]).toEqual({ kind: 'refute', text: 'Ignore that answer.' });
    expect(asked).toEqual(['Ignore that answer.', 'Good point.', 'Go on.']);
    // Nothing was kept yet, so the next first sentence is guessed in turn.
    expect(steps[1]).toContainEqual({ kind: 'speculate', text: 'Good point.' });
    expect(spoken(steps)).toEqual(['Good point.', 'Go on.']);
  });

  it('settles a guess at the end of the reply, and stops guessing after two wrong ones', () => {
    expect(run(['That is all.'])).toEqual([
      [{ kind: 'speculate', text: 'That is all.' }],
      [{ kind: 'confirm', text: 'That is all.' }],
    ]);
    const steps = run(['Pi is 3.', '14 and e is 2.', '71 and phi is 1.', '61 roughly.']);
    expect(steps.flat().filter((l) => typeof l !== 'string' && l.kind === 'speculate')).toHaveLength(2);
    expect(spoken(steps)).toEqual(['Pi is 3.14 and e is 2.71 and phi is 1.61 roughly.']);
  });

  it('guesses no sentence the filter would drop', () => {
    const steps = run(
      ['You scored 9 out of 10.', ' Good point.', ' Go on.'],
      (s) => !s.includes('scored'),
      (s) => !s.includes('scored'),
    );
    const guessed = steps
      .flat()
      .flatMap((l) => (typeof l !== 'string' && l.kind === 'speculate' ? [l.text] : []));
    expect(guessed).toEqual(['Good point.']);
    expect(spoken(steps)).toEqual(['Good point.', 'Go on.']);
  });

  it('guesses nothing when told not to', () => {
    const steps = run(
      ['Thanks, that makes sense.', ' Go on.'],
      () => true,
      () => false,
    );
    expect(steps.flat().every((l) => typeof l === 'string')).toBe(true);
  });
});
