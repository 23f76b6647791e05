import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A vendor's published example (a request, a response, an error body) kept as a
 * file under `src/<vendor>/__fixtures__/`, so a fake and a client are both held
 * to the vendor's own text rather than to each other. Works from src and dist.
 */
export function vendorFixture<T = unknown>(vendor: string, name: string): T {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  return JSON.parse(readFileSync(join(root, vendor, '__fixtures__', name), 'utf8')) as T;
}
