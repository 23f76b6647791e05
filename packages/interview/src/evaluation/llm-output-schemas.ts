import { z } from 'zod';

/** What the LLM must return for a verbal answer (structured output). */
export const llmVerbalOutputSchema = z.object({
  score: z.number().int().min(0).max(10),
  feedback: z.string(),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
});
export type LlmVerbalOutput = z.infer<typeof llmVerbalOutputSchema>;

/** What the LLM must return for a code answer (structured output). */
export const llmCodeOutputSchema = z.object({
  score: z.number().int().min(0).max(10),
  feedback: z.string(),
  correctness: z.number().int().min(0).max(10),
  complexity: z.string(),
  spaceComplexity: z.string(),
  quality: z.number().int().min(0).max(10),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
});
export type LlmCodeOutput = z.infer<typeof llmCodeOutputSchema>;
