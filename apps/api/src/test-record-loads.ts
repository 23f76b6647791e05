// For tests: `--import` this file and every module a process (and each of its cluster workers)
// resolves is appended to LOAD_RECORD_FILE as "<pid> <url>". Node runs the hooks below in a
// thread of their own, which loads this file again: only the main thread registers them.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

type Resolve = (specifier: string, context: object) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: object, nextResolve: Resolve) {
  const resolved = await nextResolve(specifier, context);
  const file = process.env.LOAD_RECORD_FILE;
  if (file) appendFileSync(file, `${process.pid} ${resolved.url}\n`);
  return resolved;
}
