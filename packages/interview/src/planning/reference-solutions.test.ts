import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { BankQuestion } from './bank-schema.js';
import { codeOutputMatches } from './code-test-compare.js';
import { loadQuestionBank } from './question-bank.js';

// The reference solutions are bank data too: every coding question's expected
// outputs are checked by running them, in JavaScript here and in Python below.
const coding = loadQuestionBank().questions.filter(
  (q): q is BankQuestion & Required<Pick<BankQuestion, 'tests' | 'reference' | 'variants'>> =>
    q.kind === 'code',
);

function loadJs(q: (typeof coding)[number]): (...args: unknown[]) => unknown {
  const entry = q.variants.javascript!.entryPoint;
  return new Function(`${q.reference.javascript}\nreturn ${entry};`)() as (...args: unknown[]) => unknown;
}

describe('coding questions: JavaScript reference solutions', () => {
  it.each(coding.map((q) => [q.id, q] as const))('%s passes its tests', (_id, q) => {
    const fn = loadJs(q);
    for (const test of q.tests) {
      const actual = fn(...structuredClone(test.args));
      expect(
        codeOutputMatches(actual, test),
        `${q.id} ${JSON.stringify(test.args)} -> ${JSON.stringify(actual)}`,
      ).toBe(true);
    }
  });

  it('the starters fail the tests, so the tests can catch a wrong answer', () => {
    for (const q of coding) {
      const entry = q.variants.javascript!.entryPoint;
      const starter = new Function(`${q.variants.javascript!.starter}\nreturn ${entry};`)() as (
        ...a: unknown[]
      ) => unknown;
      const passed = q.tests.filter((t) => codeOutputMatches(starter(...structuredClone(t.args)), t)).length;
      expect(passed, q.id).toBeLessThan(q.tests.length);
    }
  });

  it('compares with tolerance and order only where a test asks for it', () => {
    expect(codeOutputMatches([2, 1], { args: [], expected: [1, 2] })).toBe(false);
    expect(codeOutputMatches([2, 1], { args: [], expected: [1, 2], orderInsensitive: true })).toBe(true);
    expect(codeOutputMatches(0.30000000000000004, { args: [], expected: 0.3 })).toBe(false);
    expect(codeOutputMatches(0.30000000000000004, { args: [], expected: 0.3, floatTolerance: 1e-9 })).toBe(
      true,
    );
    expect(codeOutputMatches(1, { args: [], expected: true })).toBe(false);
    expect(codeOutputMatches({ a: 1, b: 2 }, { args: [], expected: { b: 2, a: 1 } })).toBe(true);
    expect(codeOutputMatches({ a: 1 }, { args: [], expected: { a: 1, b: undefined } })).toBe(false);
  });
});

// Python's True == 1 and 2.0 == 2 would hide mistakes, so the runner compares like codeOutputMatches.
const pythonRunner = `
import json, sys, copy
def same(a, e, tol):
    if isinstance(e, bool) or isinstance(a, bool):
        return type(a) is bool and type(e) is bool and a == e
    if isinstance(e, (int, float)) and isinstance(a, (int, float)):
        return a == e if tol is None else abs(a - e) <= tol
    if e is None or isinstance(e, str):
        return a == e and type(a) is type(e)
    if isinstance(e, list):
        return isinstance(a, list) and len(a) == len(e) and all(same(x, y, tol) for x, y in zip(a, e))
    if isinstance(e, dict):
        return isinstance(a, dict) and set(a) == set(e) and all(same(a[k], e[k], tol) for k in e)
    return False
def canon(v):
    return json.dumps(v, sort_keys=True)
results = []
for q in json.load(sys.stdin):
    env = {}
    exec(q["code"], env)
    fn = env[q["entryPoint"]]
    for t in q["tests"]:
        try:
            actual = fn(*copy.deepcopy(t["args"]))
            if isinstance(actual, tuple):
                actual = list(actual)
            e = t["expected"]
            tol = t.get("floatTolerance")
            if t.get("orderInsensitive") and isinstance(actual, list) and isinstance(e, list):
                ok = same(sorted(actual, key=canon), sorted(e, key=canon), tol)
            else:
                ok = same(actual, e, tol)
            results.append({"id": q["id"], "ok": ok, "args": t["args"], "actual": repr(actual)})
        except Exception as exc:
            results.append({"id": q["id"], "ok": False, "args": t["args"], "actual": repr(exc)})
print(json.dumps(results))
`;

describe('coding questions: Python reference solutions', () => {
  it('pass their tests under python3', () => {
    const input = coding.map((q) => ({
      id: q.id,
      code: q.reference.python,
      entryPoint: q.variants.python!.entryPoint,
      tests: q.tests,
    }));
    const run = spawnSync('python3', ['-c', pythonRunner], {
      input: JSON.stringify(input),
      encoding: 'utf8',
    });
    expect(run.error, 'python3 must be installed to check the Python variants').toBeUndefined();
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { id: string; ok: boolean; args: unknown; actual: string }[];
    expect(results.length).toBe(coding.reduce((n, q) => n + q.tests.length, 0));
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
