import { describe, expect, it } from 'vitest';
import type { PhaseName } from '../planning/plan-schema.js';
import { acknowledgement, cutInLine, scriptedReply, transition } from './interviewer-lines.js';

const phases: PhaseName[] = ['intro', 'technical', 'coding', 'behavioral', 'wrap_up'];
const leadIns = [acknowledgement(0, true), cutInLine, acknowledgement(0, false), acknowledgement(1, false)];

/** How often "move on" is said in one line. */
const moveOns = (line: string) => line.match(/\bmove on\b/gi)?.length ?? 0;

describe('the scripted interviewer line', () => {
  it('says "move on" at most once, whatever the lead-in and the phase it enters', () => {
    for (const ack of leadIns) {
      for (const phase of phases) {
        const line = scriptedReply({ ack, transition: transition(phase), question: 'Explain ACID.' });
        expect(moveOns(line), line).toBeLessThanOrEqual(1);
        expect(line.endsWith('Explain ACID.'), line).toBe(true);
      }
    }
  });

  it('keeps the technical transition after a lead-in that does not move on', () => {
    expect(
      scriptedReply({ ack: 'Thanks.', transition: transition('technical'), question: 'Explain ACID.' }),
    ).toBe("Thanks. Let's move on to some technical questions. Explain ACID.");
  });

  it('after "No problem, let\'s move on." enters the technical phase without saying it again', () => {
    expect(
      scriptedReply({
        ack: acknowledgement(3, true),
        transition: transition('technical'),
        question: 'Explain ACID.',
      }),
    ).toBe("No problem, let's move on. Now for some technical questions. Explain ACID.");
  });
});
