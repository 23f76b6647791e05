/**
 * Maps milliseconds of played audio back to the text that was spoken, so an
 * interrupted reply is stored only up to what the listener heard. Sentences
 * carry their own audio length when known; within a sentence (or when audio
 * arrives for a whole stream) the position is proportional to characters,
 * cut back to a word boundary.
 */
export class HeardText {
  private readonly sentences: Array<{ text: string; audioMs: number }> = [];

  addSentence(text: string): void {
    this.sentences.push({ text, audioMs: 0 });
  }

  /** Audio that belongs to the most recent sentence. */
  addAudio(ms: number): void {
    const last = this.sentences.at(-1);
    if (last) last.audioMs += ms;
  }

  get fullText(): string {
    return this.sentences.map((s) => s.text).join(' ');
  }

  /** Text heard after `heardMs` of audio. */
  textAt(heardMs: number): string {
    const out: string[] = [];
    let remaining = heardMs;
    for (const sentence of this.sentences) {
      if (sentence.audioMs <= 0) break;
      if (remaining >= sentence.audioMs) {
        out.push(sentence.text);
        remaining -= sentence.audioMs;
        continue;
      }
      const chars = Math.floor((remaining / sentence.audioMs) * sentence.text.length);
      const cut = sentence.text.slice(0, chars);
      const atWord = chars >= sentence.text.length ? cut : cut.slice(0, Math.max(0, cut.lastIndexOf(' ')));
      if (atWord.trim()) out.push(atWord.trim());
      break;
    }
    return out.join(' ');
  }
}
