import { z } from 'zod';

// The settings every vendor package takes alike, so each vendor's schema says them once, the same way.

/** The vendor's API key; when it is missing the message names the variable the app reads it from. */
export function apiKeySetting(envName?: string) {
  const message = envName === undefined ? 'apiKey is required' : `apiKey is required (${envName})`;
  return z.string({ error: message }).min(1, message);
}

/** A setting that must be a function (clocks, sleeps, callbacks); zod can check no more than that. */
export function functionSetting<T extends (...args: never[]) => unknown>(name: string) {
  return z.custom<T>((value) => typeof value === 'function', `${name} must be a function`);
}

/** A fetch implementation for the vendor's HTTP calls (tests, proxies); default: the SDK's own, `nodeFetch` for the OpenAI-compatible ones. */
export const fetchSetting = functionSetting<typeof fetch>('fetch').optional();

/** First-byte timeout (ms) of every call that does not pass its own `timeoutMs`; default none. */
export const timeoutMsSetting = z.number().int().positive().optional();

/**
 * The settings every vendor's client takes alike, to spread into its schema: the key, a fetch,
 * and the first-byte timeout of calls that give none.
 */
export function vendorClientSettings(envName?: string) {
  return { apiKey: apiKeySetting(envName), fetch: fetchSetting, timeoutMs: timeoutMsSetting };
}

/** Extra HTTP headers sent with every request (a proxy's, a tenant's). */
export const headersSetting = z.record(z.string(), z.string()).optional();

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
