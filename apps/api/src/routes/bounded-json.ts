import type { z } from 'zod';

export interface JsonBounds {
  /** Levels of arrays and objects; a scalar is depth 0. */
  maxDepth: number;
  /** Bytes of the value as JSON text. */
  maxBytes: number;
}

/** Test data of a code question: deep enough for trees and grids, small enough to run and echo back. */
export const testDataBounds: JsonBounds = { maxDepth: 32, maxBytes: 64 * 1024 };

/**
 * Why `value` is outside `bounds`, or undefined. The depth is measured
 * without recursion, so a value nested far deeper than the stack allows (which
 * JSON.parse accepts and JSON.stringify then overflows on) is refused, not a 500.
 */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth} levels`;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  return bytes > bounds.maxBytes ? `larger than ${bounds.maxBytes} bytes as JSON` : undefined;
}

/** `schema` that also refuses a value outside `bounds`, naming the field in the 422. */
export function boundedJson<S extends z.ZodType>(schema: S, bounds: JsonBounds = testDataBounds) {
  return schema.superRefine((value, ctx) => {
    const problem = jsonBoundsProblem(value, bounds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
