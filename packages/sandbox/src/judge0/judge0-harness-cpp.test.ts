import { describe, expect, it } from 'vitest';
import { cppCompileOutput, cppPrelude, cppSource } from './judge0-harness-cpp.js';

describe('the C++ source sent to Judge0', () => {
  it('calls a member of Solution when the answer has that class, a free function otherwise', () => {
    const member = cppSource(
      'class Solution {\npublic:\n  int add(int a, int b) { return a + b; }\n};',
      'add',
    );
    expect(member.ok && member.source).toContain('#define BB_ENTRY &Solution::add');
    const free = cppSource('int add(int a, int b) { return a + b; }', 'add');
    expect(free.ok && free.source).toContain('#define BB_ENTRY &add');
  });

  it("keeps the answer's lines three below the top, and renumbers g++'s messages to them", () => {
    const answer = 'int add(int a, int b) {\n  return a + ;\n}';
    const built = cppSource(answer, 'add');
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(cppPrelude.split('\n')).toHaveLength(3);
    expect(built.source.split('\n')[4]).toBe('  return a + ;');
    expect(cppCompileOutput("main.cpp:5:14: error: expected primary-expression before ';' token")).toBe(
      "solution.cpp:2:14: error: expected primary-expression before ';' token",
    );
  });

  it('reports an entry point the answer never names without compiling anything', () => {
    expect(cppSource('int plus(int a, int b) { return a + b; }', 'add')).toEqual({
      ok: false,
      error: 'entry point add is not defined',
    });
  });
});
