import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox.js';
import type { SandboxLimitsInput } from '../sandbox-limits.js';
import {
  type RunnableLanguage,
  type RunRequest,
  runnableLanguages,
  sandboxLanguages,
  type TestCase,
} from '../sandbox-types.js';
import { conformancePrograms } from './conformance-programs.js';

export type ConformanceBehaviour =
  | 'pass'
  | 'fail'
  | 'partial'
  | 'error'
  | 'compileError'
  | 'missingEntry'
  | 'timeout'
  | 'outputLimit'
  | 'compare'
  | 'cancel';

export interface RunnerUnderTest {
  sandbox: Sandbox;
  close?: () => Promise<void>;
}

/** The limits every runner is tested with; small, so limits are reached quickly. */
export const conformanceLimits = {
  perTestMs: 1_000,
  totalMs: 8_000,
  memoryMb: 128,
  outputBytes: 2_048,
  maxConcurrent: 2,
  maxQueued: 16,
} satisfies SandboxLimitsInput;

const tests: TestCase[] = [
  { args: [1, 2], expected: 3 },
  { args: [2, 3], expected: 5 },
  { args: [3, 4], expected: 7 },
  { args: [10, 5], expected: 15 },
];

/**
 * One behaviour suite for every implementation of the runner interface (the
 * local sandbox, the Judge0 runner, …): pass, fail and in-between pass rates,
 * per-test results, errors, compile errors, timeouts, the output limit,
 * comparison options, and cancellation. `create` gets the limits to use.
 */
export function describeRunnerConformance(
  name: string,
  create: (limits: SandboxLimitsInput) => Promise<RunnerUnderTest> | RunnerUnderTest,
  options: {
    languages?: readonly RunnableLanguage[];
    /** Per-test timeout; compiled languages on a loaded machine need more than the default. */
    timeoutMs?: number;
    /**
     * Behaviours this runner is known to get wrong, each with the reason: the
     * test then asserts that it still fails, so a fix shows up as a failure
     * that asks for the entry to be removed.
     */
    knownGaps?: ReadonlyArray<{
      language: RunnableLanguage;
      behaviour: ConformanceBehaviour;
      reason: string;
    }>;
  } = {},
): void {
  describe(`${name}: runner conformance`, () => {
    let runner: RunnerUnderTest;
    beforeAll(async () => {
      runner = await create(conformanceLimits);
    });
    afterAll(async () => {
      await runner?.close?.();
    });

    const tested = options.languages ?? sandboxLanguages;

    it('says which languages it runs, and refuses a request in any other at once', async () => {
      for (const language of tested) expect(runner.sandbox.languages).toContain(language);
      for (const language of runnableLanguages.filter((l) => !runner.sandbox.languages.includes(l))) {
        await expect(runner.sandbox.run({ language, code: 'x', entryPoint: 'add', tests })).rejects.toThrow(
          new RegExp(`does not run ${language}`),
        );
      }
    });

    for (const language of tested) {
      const programs = conformancePrograms[language];
      const run = (code: string, extra: Partial<RunRequest> = {}, signal?: AbortSignal) =>
        runner.sandbox.run({ language, code, entryPoint: 'add', tests, ...extra }, { signal });

      const check = (behaviour: ConformanceBehaviour, title: string, body: () => Promise<void>) => {
        const gap = options.knownGaps?.find((g) => g.language === language && g.behaviour === behaviour);
        if (gap) it.fails(`${title} (known gap: ${gap.reason})`, body, options.timeoutMs);
        else it(title, body, options.timeoutMs);
      };

      describe(language, () => {
        check('pass', 'passes every test of a correct answer, with each value it returned', async () => {
          const report = await run(programs.correct);
          expect(report.language).toBe(language);
          expect(report).toMatchObject({ passed: 4, total: 4, passRate: 1 });
          expect(report.results.map((r) => [r.status, r.actual, r.expected])).toEqual(
            tests.map((t) => ['pass', t.expected, t.expected]),
          );
          expect(report.compileError).toBeUndefined();
        });

        check('fail', 'fails every test of a wrong answer and says what it returned', async () => {
          const report = await run(programs.wrong);
          expect(report).toMatchObject({ passed: 0, total: 4, passRate: 0 });
          expect(report.results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail', 'fail']);
          expect(report.results.map((r) => r.actual)).toEqual([-1, -1, -1, 5]);
        });

        check('partial', 'gives a pass rate strictly between 0 and 1 to a partly right answer', async () => {
          const report = await run(programs.partial);
          expect(report.passed).toBe(3);
          expect(report.passRate).toBeCloseTo(0.75);
          expect(report.results[3]).toMatchObject({ ok: false, status: 'fail', actual: 0, expected: 15 });
        });

        check(
          'error',
          'fails only the test that throws, with the error message, and runs the others',
          async () => {
            const report = await run(programs.throws);
            expect(report.results.map((r) => r.status)).toEqual(['pass', 'error', 'pass', 'pass']);
            expect(report.results[1]?.error).toContain('two is not allowed');
          },
        );

        check('compileError', 'reports a syntax error as a compile error and fails every test', async () => {
          const report = await run(programs.syntaxError);
          expect(report.compileError).toBeTruthy();
          expect(report.passed).toBe(0);
          expect(report.results.every((r) => r.status === 'error')).toBe(true);
        });

        check('missingEntry', 'names a missing entry point', async () => {
          const report = await run(programs.missingEntry);
          expect(report.passed).toBe(0);
          const reason = report.compileError ?? report.results[0]?.error ?? '';
          expect(reason).toMatch(/add/);
          expect(reason).toMatch(/not defined/);
        });

        check('timeout', 'stops a test that runs past the time limit and marks it as a timeout', async () => {
          const report = await run(programs.spins);
          expect(report.results[0]?.status).toBe('pass');
          expect(report.results[1]?.status).toBe('timeout');
          expect(report.results[1]?.ok).toBe(false);
          expect(report.passRate).toBeLessThan(1);
        });

        check('outputLimit', 'keeps what the program prints, and stops it at the output limit', async () => {
          const greeting = await run(programs.greets);
          expect(greeting.output).toContain('hello from the program');
          expect(greeting.outputTruncated).toBe(false);
          expect(greeting.passRate).toBe(1);

          const flood = await run(programs.prints);
          expect(flood.outputTruncated).toBe(true);
          expect(Buffer.byteLength(flood.output)).toBeLessThanOrEqual(conformanceLimits.outputBytes);
          expect(flood.passRate).toBeLessThan(1);
          expect(flood.results.some((r) => /output limit/.test(r.error ?? ''))).toBe(true);
        });

        check(
          'compare',
          'compares with the test options: order-insensitive arrays, float tolerance',
          async () => {
            const report = await run(programs.mix, {
              entryPoint: 'mix',
              tests: [
                { args: [1, 2], expected: [1, 2, 0.3], orderInsensitive: true },
                { args: [1, 2], expected: [1, 2, 0.3] },
              ],
            });
            expect(report.results.map((r) => r.status)).toEqual(['pass', 'fail']);
          },
        );

        check(
          'cancel',
          'answers an aborted run at once with the abort reason, and keeps working',
          async () => {
            const reason = new Error('cancelled by the caller');
            await expect(run(programs.correct, {}, AbortSignal.abort(reason))).rejects.toBe(reason);

            const controller = new AbortController();
            const slow = run(programs.slow, {}, controller.signal);
            setTimeout(() => controller.abort(reason), 300);
            const abortedAt = performance.now() + 300;
            await expect(slow).rejects.toBe(reason);
            // Well under the 3.6 s the run would take.
            expect(performance.now() - abortedAt).toBeLessThan(1_500);

            const after = await run(programs.correct);
            expect(after.passRate).toBe(1);
          },
        );
      });
    }
  });
}
