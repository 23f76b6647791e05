import { randomBytes } from 'node:crypto';

export interface DelimitedText {
  /** The tag name, e.g. `answer-3f9c1a2b`: unguessable, so the answer cannot close it. */
  tag: string;
  text: string;
}

/**
 * Wraps candidate text in a tag whose name carries a random nonce. Any
 * look-alike of the tag inside the text is defused first, so the candidate
 * cannot end the data block and speak as the prompt.
 */
export function delimit(label: string, text: string, nonce = randomBytes(6).toString('hex')): DelimitedText {
  const tag = `${label}-${nonce}`;
  const defused = text.replaceAll(tag, `${label}-redacted`);
  return { tag, text: `<${tag}>\n${defused}\n</${tag}>` };
}
