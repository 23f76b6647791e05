import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Judge0Fake, startJudge0Fake } from './judge0-fake.js';
import { fakeRuntimeMissing } from './judge0-fake-execution.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string | null) => (text === null ? null : Buffer.from(text, 'base64').toString('utf8'));

describe('Judge0 fake', () => {
  let fake: Judge0Fake;
  const auth = { 'x-auth-token': 'judge0-secret', 'content-type': 'application/json' };

  beforeAll(async () => {
    fake = await startJudge0Fake({ authToken: 'judge0-secret', config: { max_queue_size: 50 } });
  });
  afterAll(() => fake.close());

  const submit = (body: unknown, query = 'base64_encoded=true&wait=false', headers = auth) =>
    fetch(`${fake.url}/submissions?${query}`, { method: 'POST', headers, body: JSON.stringify(body) });

  async function runToEnd(body: Record<string, unknown>) {
    const created = await submit(body);
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    for (;;) {
      const res = await fetch(
        `${fake.url}/submissions/${token}?base64_encoded=true&fields=stdout,stderr,status,message,exit_code,exit_signal`,
        { headers: auth },
      );
      expect(res.status).toBe(200);
      const json = (await res.json()) as {
        stdout: string | null;
        stderr: string | null;
        message: string | null;
        status: { id: number; description: string };
        exit_code: number | null;
      };
      if (json.status.id > 2) return json;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('answers 401 with an empty body without the X-Auth-Token, also on GET /languages', async () => {
    const res = await submit({ source_code: b64('print(1)'), language_id: 71 }, undefined, {
      'x-auth-token': 'wrong',
      'content-type': 'application/json',
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect((await fetch(`${fake.url}/languages`)).status).toBe(401);
    const languages = (await (await fetch(`${fake.url}/languages`, { headers: auth })).json()) as Array<{
      id: number;
      name: string;
    }>;
    expect(languages).toContainEqual({ id: 71, name: 'Python (3.8.1)' });
  });

  it('refuses what the real server refuses, with its 422 bodies', async () => {
    const missing = await submit({ source_code: b64('print(1)') });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ language_id: ["can't be blank"] });

    const unknown = await submit({ source_code: b64('print(1)'), language_id: 150000 });
    expect(await unknown.json()).toEqual({ language_id: ["language with id 150000 doesn't exist"] });

    const limits = await submit({
      source_code: b64('print(1)'),
      language_id: 71,
      cpu_time_limit: 16,
      memory_limit: 600000,
      wall_time_limit: 'soon',
      max_file_size: 5000,
    });
    expect(limits.status).toBe(422);
    expect(await limits.json()).toEqual({
      cpu_time_limit: ['must be less than or equal to 15.0'],
      wall_time_limit: ['is not a number'],
      memory_limit: ['must be less than or equal to 512000'],
      max_file_size: ['must be less than or equal to 4096'],
    });

    // Base64 that decodes to nothing is a blank program, as Ruby's lenient decode64 makes it.
    const blank = await submit({ source_code: '!!!!', language_id: 71 });
    expect(await blank.json()).toEqual({ source_code: ["can't be blank"] });

    const fields = await fetch(`${fake.url}/submissions/nope?fields=stdout,bogus`, { headers: auth });
    expect(fields.status).toBe(400);
    expect(await fields.json()).toEqual({ error: 'invalid fields: [bogus]' });
    expect((await fetch(`${fake.url}/submissions/nope`, { headers: auth })).status).toBe(404);
  });

  it('runs Python and JavaScript for real, reading stdin, and answers Base64 the way Ruby encodes it', async () => {
    const python = await runToEnd({
      source_code: b64('import sys\nprint(sys.stdin.read().upper())'),
      language_id: 71,
      stdin: b64('hello judge0'),
    });
    expect(python.status).toEqual({ id: 3, description: 'Accepted' });
    expect(python.stdout).toMatch(/\n$/);
    expect(unb64(python.stdout)).toBe('HELLO JUDGE0\n');

    const node = await runToEnd({
      source_code: b64('process.stdout.write(String(6 * 7)); console.error("warn")'),
      language_id: 63,
    });
    expect(node.status.id).toBe(3);
    expect(unb64(node.stdout)).toBe('42');
    expect(unb64(node.stderr)).toBe('warn\n');
  });

  it('gives the statuses isolate would: NZEC, time limit, SIGXFSZ at max_file_size', async () => {
    const exit = await runToEnd({ source_code: b64('raise SystemExit(3)'), language_id: 71 });
    expect(exit.status).toEqual({ id: 11, description: 'Runtime Error (NZEC)' });
    expect(unb64(exit.message)).toBe('Exited with error status 3');

    const spin = await runToEnd({
      source_code: b64('while True: pass'),
      language_id: 71,
      cpu_time_limit: 1,
      cpu_extra_time: 0,
      wall_time_limit: 3,
    });
    expect(spin.status.id).toBe(5);

    // A program that keeps SIGXFSZ's default action dies of it once its stdout file reaches max_file_size.
    const flood = await runToEnd({
      source_code: b64(
        'import signal, sys\nsignal.signal(signal.SIGXFSZ, signal.SIG_DFL)\nwhile True: sys.stdout.write("x" * 4096)',
      ),
      language_id: 71,
      max_file_size: 8,
    });
    expect(flood.status).toEqual({ id: 8, description: 'Runtime Error (SIGXFSZ)' });
    expect(unb64(flood.stdout)?.length).toBe(8 * 1024);

    // CPython ignores SIGXFSZ, so there the write fails with EFBIG and the program exits non-zero.
    const ignoring = await runToEnd({
      source_code: b64('import sys\nwhile True: sys.stdout.write("x" * 4096)'),
      language_id: 71,
      max_file_size: 8,
    });
    expect(ignoring.status.id).toBe(11);
    expect(unb64(ignoring.stderr)).toMatch(/File too large/);
  });

  it('compiles Java first: a compiler error is status 6 with compile_output, a good program runs', async (context) => {
    const missing = fakeRuntimeMissing('java');
    if (missing) {
      console.warn(`skipped: ${missing}`);
      context.skip();
    }
    const broken = await runToEnd({ source_code: b64('public class Main { int x = ; }'), language_id: 62 });
    expect(broken.status).toEqual({ id: 6, description: 'Compilation Error' });
    const compiled = (await (
      await fetch(
        `${fake.url}/submissions/${fake.submissions().at(-1)!.token}?base64_encoded=true&fields=compile_output`,
        {
          headers: auth,
        },
      )
    ).json()) as { compile_output: string };
    expect(unb64(compiled.compile_output)).toMatch(/Main\.java:1: error/);

    const hello = await runToEnd({
      source_code: b64(
        'public class Main { public static void main(String[] a) { System.out.print("hi " + a.length); } }',
      ),
      language_id: 62,
    });
    expect(hello.status.id).toBe(3);
    expect(unb64(hello.stdout)).toBe('hi 0');
  }, 60_000);

  it('creates and reads batches, one error object per invalid item', async () => {
    const res = await fetch(`${fake.url}/submissions/batch?base64_encoded=true`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        submissions: [
          { language_id: 71, source_code: b64('print("a")') },
          { language_id: 123456789, source_code: b64('print("b")') },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const items = (await res.json()) as Array<{ token?: string; language_id?: string[] }>;
    expect(items[1]).toEqual({ language_id: ["language with id 123456789 doesn't exist"] });
    const token = items[0]!.token!;
    const read = await fetch(`${fake.url}/submissions/batch?tokens=${token},missing&fields=token,status_id`, {
      headers: auth,
    });
    const body = (await read.json()) as { submissions: Array<{ token: string } | null> };
    expect(body.submissions[0]?.token).toBe(token);
    expect(body.submissions[1]).toBeNull();
  });

  it('answers a submission as first read within SUBMISSION_CACHE_DURATION, like the real server', async () => {
    const cacheMs = 3_000;
    const cachedFake = await startJudge0Fake({ submissionCacheMs: cacheMs });
    try {
      const created = await fetch(`${cachedFake.url}/submissions?base64_encoded=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source_code: b64('print(1)'), language_id: 71 }),
      });
      const { token } = (await created.json()) as { token: string };
      const read = async () =>
        (
          (await (await fetch(`${cachedFake.url}/submissions/${token}?fields=status_id`)).json()) as {
            status_id: number;
          }
        ).status_id;
      const firstReadAt = Date.now();
      expect(await read()).toBeLessThanOrEqual(2);
      while (cachedFake.submissions()[0]!.status_id <= 2) await new Promise((r) => setTimeout(r, 20));
      // Finished on the server, still "In Queue"/"Processing" to a reader inside the window.
      if (Date.now() - firstReadAt < cacheMs - 200) expect(await read()).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, Math.max(0, cacheMs - (Date.now() - firstReadAt)) + 50));
      expect(await read()).toBe(3);
    } finally {
      await cachedFake.close();
    }
  });

  it('answers 503 "queue is full" past max_queue_size', async () => {
    const small = await startJudge0Fake({ config: { max_queue_size: 0 } });
    try {
      const res = await fetch(`${small.url}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source_code: 'print(1)', language_id: 71 }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'queue is full' });
    } finally {
      await small.close();
    }
  });
});
