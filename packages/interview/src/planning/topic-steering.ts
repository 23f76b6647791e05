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
): number {
  if (steering.topics.length === 0 && steering.jobText === '') return 0;
  let score = 0;
  for (const raw of question.tags) {
    const tag = normalize(raw).trim();
    if (!tag) continue;
    for (const topic of steering.topics) {
      if (topic === tag || ` ${tag} `.includes(` ${topic} `) || ` ${topic} `.includes(` ${tag} `)) score += 3;
    }
    if (steering.jobText.includes(` ${tag} `)) score += 1;
  }
  for (const raw of question.expectedKeywords) {
    const keyword = normalize(raw).trim();
    if (keyword.length < 4) continue;
    if (steering.topics.includes(keyword)) score += 1;
    if (steering.jobText.includes(` ${keyword} `)) score += 0.5;
  }
  return score;
}
