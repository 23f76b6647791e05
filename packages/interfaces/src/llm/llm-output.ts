import type { z } from 'zod';

/**
 * Structured output: the provider asks the model for JSON matching `schema`,
 * validates it, makes one repair attempt with the problems listed, and then
 * throws InvalidOutputError.
 */
export interface LlmOutputSpec<T> {
  /** A short identifier for the schema (sent to vendors that name schemas). */
  name: string;
  description?: string | undefined;
  schema: z.ZodType<T>;
}
