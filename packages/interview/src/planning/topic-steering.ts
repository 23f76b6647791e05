import type { BankQuestion } from './bank-schema.js';

/** What the caller asked the interview to focus on: explicit topics weigh more than the job description. */
export interface Steering {
  topics: readonly string[];
  /** The job description lowercased, punctuation turned to spaces, padded with spaces for whole-word search. */
  jobText: string;
}

const normalize = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, ' ')
    .trim()} `;

export function createSteering(
  topics: readonly string[] | undefined,
  jobDescription: string | undefined,
): Steering {
  return {
    topics: (topics ?? []).map((t) => normalize(t).trim()).filter((t) => t.length > 0),
    jobText: jobDescription ? normalize(jobDescription) : '',
  };
}

/**
 * How well a question matches the steering: simple term matching of the
 * question's tags (and multi-letter keywords) against topics and the job text.
 */
export function steeringScore(
  question: Pick<BankQuestion, 'tags' | 'expectedKeywords'>,
  steering: Steering,
  covered: ReadonlySet<string> = new Set(),
): number {
  if (steering.topics.length === 0 && steering.jobText === '') return 0;
  let score = 0;
  for (const raw of question.tags) {
    const tag = normalize(raw).trim();
    if (!tag) continue;
    // A term the plan already covers counts less, so that several steering terms each get a question.
    const weight = covered.has(tag) ? 0.25 : 1;
    if (steering.topics.some((topic) => topicMatches(topic, tag))) score += 3 * weight;
    if (steering.jobText.includes(` ${tag} `)) score += weight;
  }
  for (const raw of question.expectedKeywords) {
    const keyword = normalize(raw).trim();
    if (keyword.length < 4) continue;
    if (steering.topics.includes(keyword)) score += 1;
    if (steering.jobText.includes(` ${keyword} `)) score += 0.5;
  }
  return score;
}

function topicMatches(topic: string, tag: string): boolean {
  return topic === tag || ` ${tag} `.includes(` ${topic} `) || ` ${topic} `.includes(` ${tag} `);
}

/** The question's tags that matched the steering, to mark them covered. */
export function matchedTerms(question: Pick<BankQuestion, 'tags'>, steering: Steering): string[] {
  return question.tags
    .map((raw) => normalize(raw).trim())
    .filter(
      (tag) =>
        tag && (steering.jobText.includes(` ${tag} `) || steering.topics.some((t) => topicMatches(t, tag))),
    );
}
