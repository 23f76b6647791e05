import type { CallOptions, LLM, LlmRequest, LlmStreamPart } from '@bot-backend/interfaces';
import { contentStems, verdictPatterns } from './follow-up-guard.js';
import type { InstructionEcho } from './injection-echo.js';

// A sentence ends at . ! ? … (and closing quotes) followed by white space.
const sentenceEnd = /[.!?…]+["'”’)\]]*\s+/u;

// A sentence that asks: a question mark, or a prompt like "Tell me about…", "Describe…", "Walk me through…".
const asking =
  /[?？]|^\W*(?:(?:so|now|next|okay|ok|and)[\s,]+)*(?:tell (?:me|us)|describe|explain|walk (?:me|us) through|talk (?:me|us) through|give (?:me|us) an example|share)\b/iu;

/** Share of the planned question's content words a sentence must carry to count as asking it. */
const questionCoverage = 0.6;

export interface ReplyGuard {
  /** The question the line must ask (the plan's, or the follow-up chosen). */
  question: string;
  /** The orders the candidate gave during the interview. */
  echo: InstructionEcho;
}

/**
 * The interviewer's streamed line, checked sentence by sentence before any
 * of it is spoken: a sentence that repeats an order the candidate gave,
 * carries an injection marker or gives a verdict is dropped; a question is
 * kept only when it is the planned one (rephrased at most), and only once;
 * and when the model never asked it, the planned question ends the line. So
 * a model that obeys the candidate's text still cannot say it, and the plan
 * decides what is asked.
 */
export function guardedReplyLlm(llm: LLM, guard: ReplyGuard): LLM {
  const wanted = contentStems(guard.question);
  const asksTheQuestion = (sentence: string) => {
    const said = contentStems(sentence);
    const covered = [...wanted].filter((s) => said.has(s)).length;
    return wanted.size === 0 || covered / wanted.size >= questionCoverage;
  };
  // The planned question may itself share words with an order ("…the next question…"): not an echo of it.
  const questionEchoes = guard.echo.echoes(guard.question);

  return {
    specificationVersion: llm.specificationVersion,
    provider: llm.provider,
    modelId: llm.modelId,
    capabilities: llm.capabilities,
    complete: (request, options) => llm.complete(request, options),
    async *stream(request: LlmRequest, options?: CallOptions): AsyncIterable<LlmStreamPart> {
      let buffer = '';
      let asked = false;
      let spoken = false;
      const keep = (sentence: string): string | undefined => {
        const text = sentence.trim();
        if (!text) return undefined;
        if (verdictPatterns.some((p) => p.test(text))) return undefined;
        if (asking.test(text)) {
          if (asked || !asksTheQuestion(text)) return undefined;
          if (guard.echo.echoes(text) && !questionEchoes) return undefined;
          asked = true;
        } else if (guard.echo.echoes(text)) return undefined;
        const delta = spoken ? ` ${text}` : text;
        spoken = true;
        return delta;
      };
      for await (const part of llm.stream(request, options)) {
        if (part.type === 'text-delta') {
          buffer += part.delta;
          for (let match = sentenceEnd.exec(buffer); match; match = sentenceEnd.exec(buffer)) {
            const cut = match.index + match[0].length;
            const delta = keep(buffer.slice(0, cut));
            buffer = buffer.slice(cut);
            if (delta) yield { type: 'text-delta', delta };
          }
          continue;
        }
        if (part.type === 'finish') {
          const delta = keep(buffer);
          if (delta) yield { type: 'text-delta', delta };
          if (!asked) yield { type: 'text-delta', delta: spoken ? ` ${guard.question}` : guard.question };
        }
        yield part;
        if (part.type === 'error') return;
      }
    },
  };
}
