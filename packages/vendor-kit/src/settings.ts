import type { z } from 'zod';

/**
 * Parses a vendor's settings once, with its strict schema. Every problem is
 * named by field, never by value: settings hold the API key.
 */
export function parseSettings<T extends z.ZodType>(
  vendorName: string,
  schema: T,
  input: unknown,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`,
  );
  throw new TypeError(`Invalid ${vendorName} settings: ${problems.join('; ')}`);
}
