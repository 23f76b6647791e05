import { Agent, request } from 'node:http';
import { percentile } from './stats.js';

export interface HttpLoadOptions {
  url: string;
  body: string;
  connections: number;
  durationMs: number;
}

export interface HttpLoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers and failed requests. */
  errors: number;
  /** `evaluator` values seen in the answers, counted. */
  evaluators: Record<string, number>;
}

/**
 * A bounded closed-loop load generator on loopback: `connections` keep-alive
 * sockets, each sending the next request as soon as the previous answer is
 * read, for `durationMs`.
 */
export async function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const body = Buffer.from(options.body);
  const latencies: number[] = [];
  const evaluators: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const once = () =>
    new Promise<void>((resolve) => {
      const at = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(performance.now() - at);
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) errors += 1;
            else {
              // The evaluator named in the answer: rubric, llm, or a fallback.
              const evaluator = /"evaluator":"([^"]+)"/.exec(Buffer.concat(chunks).toString())?.[1] ?? 'none';
              evaluators[evaluator] = (evaluators[evaluator] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });

  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    evaluators,
  };
}
