import { describe, expect, it } from 'vitest';
import { javaCompileOutput, javaSource } from './judge0-harness-java.js';

describe('the Java source sent to Judge0', () => {
  it('moves imports to the first line, drops package and public, and finds the classes', () => {
    const { source, classes } = javaSource(
      'package com.example;\nimport java.util.*;\n\npublic class Solution {\n  public static class Node {}\n  public int add(int a, int b) { return a + b; }\n}\nfinal class Helper {}\n',
    );
    const lines = source.split('\n');
    expect(lines[0]).toBe('import java.util.*;');
    // The candidate's line 4 (`public class Solution`) is line 5 of the file, without `public`.
    expect(lines[4]).toBe('class Solution {');
    expect(lines[5]).toBe('  public static class Node {}');
    expect(source).not.toContain('package com.example');
    expect(source).toContain('public class Main {');
    expect(classes).toEqual(['Solution', 'Node', 'Helper']);
  });

  it('wraps bare methods in a Solution class', () => {
    const { source, classes } = javaSource('public int add(int a, int b) { return a + b; }');
    expect(source.split('\n')[1]).toBe('class Solution { public int add(int a, int b) { return a + b; }');
    expect(classes).toEqual(['Solution']);
  });

  it("points javac's line numbers at the candidate's lines", () => {
    expect(javaCompileOutput("Main.java:3: error: ';' expected\nMain.java:10: error: x")).toBe(
      "solution.java:2: error: ';' expected\nsolution.java:9: error: x",
    );
  });
});
