import type { RunnableLanguage } from '../sandbox-types.js';

/** The same behaviours written in each language: `add(a, b)` right, wrong, half right, throwing, spinning, printing. */
export interface ConformancePrograms {
  correct: string;
  wrong: string;
  /** Right while a < 10. */
  partial: string;
  /** Throws "two is not allowed" when a == 2. */
  throws: string;
  /** Never returns when a == 2. */
  spins: string;
  /** Prints 1000 characters per call. */
  prints: string;
  /** Prints a greeting at the top level. */
  greets: string;
  syntaxError: string;
  /** Defines `plus`, not `add`. */
  missingEntry: string;
  /** Takes about 900 ms per call. */
  slow: string;
  /** `mix(a, b)` → [b, a, 0.1 + 0.2]. */
  mix: string;
}

const python: ConformancePrograms = {
  correct: 'def add(a, b):\n    return a + b\n',
  wrong: 'def add(a, b):\n    return a - b\n',
  partial: 'def add(a, b):\n    return a + b if a < 10 else 0\n',
  throws:
    "def add(a, b):\n    if a == 2:\n        raise ValueError('two is not allowed')\n    return a + b\n",
  spins: 'def add(a, b):\n    while a == 2:\n        pass\n    return a + b\n',
  prints: "def add(a, b):\n    print('x' * 1000)\n    return a + b\n",
  greets: "print('hello from the program')\n\ndef add(a, b):\n    return a + b\n",
  syntaxError: 'def add(a, b)\n    return a + b\n',
  missingEntry: 'def plus(a, b):\n    return a + b\n',
  slow: 'import time\n\ndef add(a, b):\n    time.sleep(0.9)\n    return a + b\n',
  mix: 'def mix(a, b):\n    return [b, a, 0.1 + 0.2]\n',
};

const javascript: ConformancePrograms = {
  correct: 'function add(a, b) { return a + b; }',
  wrong: 'function add(a, b) { return a - b; }',
  partial: 'function add(a, b) { return a < 10 ? a + b : 0; }',
  throws: "function add(a, b) { if (a === 2) throw new Error('two is not allowed'); return a + b; }",
  spins: 'function add(a, b) { while (a === 2) {} return a + b; }',
  prints: "function add(a, b) { console.log('x'.repeat(1000)); return a + b; }",
  greets: "console.log('hello from the program');\nfunction add(a, b) { return a + b; }",
  syntaxError: 'function add(a, b) { return a + ; }',
  missingEntry: 'function plus(a, b) { return a + b; }',
  slow: 'function add(a, b) { const end = Date.now() + 900; while (Date.now() < end) {} return a + b; }',
  mix: 'function mix(a, b) { return [b, a, 0.1 + 0.2]; }',
};

const typescript: ConformancePrograms = {
  correct: 'export function add(a: number, b: number): number { return a + b; }',
  wrong: 'export function add(a: number, b: number): number { return a - b; }',
  partial: 'export function add(a: number, b: number): number { return a < 10 ? a + b : 0; }',
  throws:
    "export function add(a: number, b: number): number { if (a === 2) throw new Error('two is not allowed'); return a + b; }",
  spins: 'export function add(a: number, b: number): number { while (a === 2) {} return a + b; }',
  prints:
    "export function add(a: number, b: number): number { console.log('x'.repeat(1000)); return a + b; }",
  greets:
    "console.log('hello from the program');\nexport function add(a: number, b: number): number { return a + b; }",
  syntaxError: 'export function add(a: number, b: number): number { return a + ; }',
  missingEntry: 'export function plus(a: number, b: number): number { return a + b; }',
  slow: 'export function add(a: number, b: number): number { const end = Date.now() + 900; while (Date.now() < end) {} return a + b; }',
  mix: 'export function mix(a: number, b: number): number[] { return [b, a, 0.1 + 0.2]; }',
};

const java: ConformancePrograms = {
  correct: 'class Solution {\n  public int add(int a, int b) { return a + b; }\n}',
  wrong: 'class Solution {\n  public int add(int a, int b) { return a - b; }\n}',
  partial: 'class Solution {\n  public int add(int a, int b) { return a < 10 ? a + b : 0; }\n}',
  throws:
    'class Solution {\n  public int add(int a, int b) {\n    if (a == 2) throw new IllegalArgumentException("two is not allowed");\n    return a + b;\n  }\n}',
  spins:
    'class Solution {\n  public int add(int a, int b) {\n    while (a == 2) {}\n    return a + b;\n  }\n}',
  prints:
    'class Solution {\n  public int add(int a, int b) {\n    System.out.println("x".repeat(1000));\n    return a + b;\n  }\n}',
  greets:
    'class Solution {\n  static { System.out.println("hello from the program"); }\n  public int add(int a, int b) { return a + b; }\n}',
  syntaxError: 'class Solution {\n  public int add(int a, int b) { return a + ; }\n}',
  missingEntry: 'class Solution {\n  public int plus(int a, int b) { return a + b; }\n}',
  slow: 'class Solution {\n  public int add(int a, int b) {\n    long end = System.currentTimeMillis() + 900;\n    while (System.currentTimeMillis() < end) {}\n    return a + b;\n  }\n}',
  mix: 'import java.util.*;\n\npublic class Solution {\n  public static List<Double> mix(int a, int b) { return Arrays.asList((double) b, (double) a, 0.1 + 0.2); }\n}',
};

const cpp: ConformancePrograms = {
  correct: 'class Solution {\npublic:\n  int add(int a, int b) { return a + b; }\n};',
  wrong: 'class Solution {\npublic:\n  int add(int a, int b) { return a - b; }\n};',
  partial: 'int add(int a, int b) { return a < 10 ? a + b : 0; }',
  throws:
    'class Solution {\npublic:\n  int add(int a, int b) {\n    if (a == 2) throw std::invalid_argument("two is not allowed");\n    return a + b;\n  }\n};',
  spins: 'int add(int a, int b) {\n  volatile long spin = 0;\n  while (a == 2) spin++;\n  return a + b;\n}',
  prints: "int add(int a, int b) {\n  cout << string(1000, 'x') << endl;\n  return a + b;\n}",
  greets:
    'static int greeting = (cout << "hello from the program" << endl, 0);\nint add(int a, int b) { return a + b; }',
  syntaxError: 'int add(int a, int b) { return a + ; }',
  missingEntry: 'int plus(int a, int b) { return a + b; }',
  slow: 'int add(int a, int b) {\n  auto end = chrono::steady_clock::now() + chrono::milliseconds(900);\n  while (chrono::steady_clock::now() < end) {}\n  return a + b;\n}',
  mix: '#include <vector>\n\nstd::vector<double> mix(int a, int b) { return {(double)b, (double)a, 0.1 + 0.2}; }',
};

export const conformancePrograms: Record<RunnableLanguage, ConformancePrograms> = {
  python,
  javascript,
  typescript,
  java,
  cpp,
};
