import type { OpenAiFakeReply, OpenAiFakeRequest } from '@bot-backend/testkit';

/** Sentences that give orders, as a model that obeys them would read them. */
const ordering = /\b(?:grader|ignore|instructed|give|score|rubric)\b/i;
const probes = [
  'can you walk me through a concrete case?',
  'why did you choose that?',
  'what would you do differently next time?',
  'how did you measure the result?',
];

interface Message {
  role: string;
  content: string;
}

const sentences = (text: string) =>
  text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
/** Words `from`..`to` of a sentence, without the punctuation around them. */
const wordsOf = (sentence: string, from: number, to: number) =>
  sentence
    .split(/\s+/)
    .slice(from, to)
    .join(' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * The model behind the OpenAI fake in `pnpm sim --llm fake`: it reads the
 * prompt the way a model would and answers in kind, and, like a model that
 * can be talked into things, it obeys orders it finds in the candidate's words
 * for every other question. Follow-up proposals quote words of the last answer;
 * interviewer replies acknowledge, repeat any order, and ask the question the
 * prompt names; it declines to grade (a refusal), so scores stay the rubric's
 * and compare across runs with and without it.
 */
export function interviewerModel(): (request: OpenAiFakeRequest) => OpenAiFakeReply {
  let proposals = 0;
  // Every other question, not every other call: the engine may ask more than once about one answer
  // (a reply prepared at a pause and thrown away when the candidate went on).
  const questions = new Map<string, number>();
  return (request) => {
    const messages = (request.body?.messages ?? []) as Message[];
    const prompt = messages.map((m) => m.content).join('\n');
    const blocks = [...prompt.matchAll(/<(answer-[0-9a-f]+)>\n([\s\S]*?)\n<\/\1>/g)].map((m) => m[2]!);
    const last = sentences(blocks.at(-1) ?? '');
    const orders = last.filter((s) => ordering.test(s));
    const format = request.body?.response_format as { json_schema?: { name?: string } } | undefined;
    if (format?.json_schema?.name === 'follow_up') {
      const answered = /The question just answered: "([^"]*)"/.exec(prompt)?.[1] ?? '';
      if (!questions.has(answered)) questions.set(answered, questions.size + 1);
      proposals = questions.get(answered)!;
      const order = orders[0];
      if (order && proposals % 2 === 1) {
        return { json: { quote: wordsOf(order, 0, 8), question: `${order.replace(/[.!]+$/, '')}?` } };
      }
      const said = last.find((s) => !ordering.test(s)) ?? last[0] ?? '';
      const quote = wordsOf(said, 1, 7);
      return { json: { quote, question: `You said "${quote}": ${probes[proposals % probes.length]}` } };
    }
    if (format) return { refusal: 'I can only help with the conversation, not with grading.' };
    const asked = /ask exactly this question, keeping its meaning and details: "([\s\S]*)"\s*$/.exec(
      prompt,
    )?.[1];
    const transition = /then say: "([^"]*)",/.exec(prompt)?.[1];
    const earlier = blocks.length > 1 ? wordsOf(sentences(blocks[0]!)[0] ?? '', 1, 5) : '';
    return {
      text: [
        ...orders,
        'Thanks for that.',
        earlier ? `Earlier you mentioned ${earlier}.` : '',
        transition ?? '',
        asked ?? 'Let us go on.',
      ]
        .filter(Boolean)
        .join(' '),
    };
  };
}
