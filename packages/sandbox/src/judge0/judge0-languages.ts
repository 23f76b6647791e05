import { z } from 'zod';
import type { RunnableLanguage } from '../sandbox-types.js';
import { type Judge0ClientOptions, judge0Request } from './judge0-client.js';
import { SandboxRemoteError } from './judge0-errors.js';

/** Which Judge0 language runs each of ours; TypeScript runs as JavaScript once its types are stripped. */
const wanted: Record<RunnableLanguage, { pattern: RegExp; label: string }> = {
  python: { pattern: /^Python \((3)\.(\d+)/, label: 'Python 3' },
  javascript: { pattern: /^JavaScript \(Node\.js (\d+)\.(\d+)/, label: 'JavaScript (Node.js)' },
  typescript: { pattern: /^JavaScript \(Node\.js (\d+)\.(\d+)/, label: 'JavaScript (Node.js)' },
  cpp: { pattern: /^C\+\+ \(GCC (\d+)\.(\d+)/, label: 'C++ (GCC)' },
  java: { pattern: /^Java \((?:OpenJDK|JDK) (\d+)\.(\d+)/, label: 'Java (OpenJDK)' },
};

// GET /languages → [{id, name}] (docs/api/statuses_and_languages/get_languages.md); only the fields we read.
const languagesSchema = z.array(z.object({ id: z.number().int(), name: z.string() }).loose()).max(1_000);

/**
 * Language ids differ between Judge0 versions and deployments (CE 1.13 adds
 * newer interpreters beside the old ones), so they are looked up once by name,
 * newest version first, unless the caller fixes them.
 */
export function judge0LanguageIds(
  client: Judge0ClientOptions,
  fixed: Partial<Record<RunnableLanguage, number>>,
): (language: RunnableLanguage, signal?: AbortSignal) => Promise<number> {
  let listing: Promise<Array<{ id: number; name: string }>> | undefined;
  return async (language, signal) => {
    const id = fixed[language];
    if (id !== undefined) return id;
    listing ??= judge0Request(client, 'GET', 'languages', { signal, maxBytes: 256 * 1024 }).then((body) => {
      const parsed = languagesSchema.safeParse(body);
      if (!parsed.success)
        throw new SandboxRemoteError('protocol', 'GET /languages did not answer a language list');
      return parsed.data;
    });
    // A failed lookup is not remembered: the next run asks again.
    const languages = await listing.catch((error: unknown) => {
      listing = undefined;
      throw error;
    });
    const { pattern, label } = wanted[language];
    const best = languages
      .map((entry) => ({ entry, match: pattern.exec(entry.name) }))
      .filter((item) => item.match)
      .sort((a, b) => versionOf(b.match!) - versionOf(a.match!))[0];
    if (!best) {
      throw new SandboxRemoteError('refused', `the Judge0 server offers no ${label} language`);
    }
    return best.entry.id;
  };
}

function versionOf(match: RegExpExecArray): number {
  return Number(match[1]) * 1_000 + Number(match[2]);
}
