import type { LlmMessage, LlmOutputSpec } from '@bot-backend/interfaces';
import { z } from 'zod';

export type StructuredOutputMode = 'strict' | 'json_schema' | 'json_object';

export type GroqResponseFormat =
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict: boolean };
    };

export interface ResponseFormatPlan {
  responseFormat: GroqResponseFormat;
  /** Extra system text (json_object mode carries the schema in the prompt). */
  instruction: string | undefined;
}

/** groq-sdk has no zod helper: the schema is converted with zod's own JSON Schema output. */
export function planResponseFormat(
  spec: LlmOutputSpec<unknown>,
  mode: StructuredOutputMode,
): ResponseFormatPlan {
  const schema = z.toJSONSchema(spec.schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  if (mode === 'json_object') {
    return {
      responseFormat: { type: 'json_object' },
      instruction: `Reply with only a JSON object that matches this JSON schema:\n${JSON.stringify(schema)}`,
    };
  }
  return {
    responseFormat: {
      type: 'json_schema',
      json_schema: {
        name: spec.name,
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        schema,
        strict: mode === 'strict',
      },
    },
    instruction: undefined,
  };
}

export type OutputCheck<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Some models wrap JSON in a markdown fence even in JSON mode. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

/** Parse and validate the model's text against the schema; problems come back as readable lines. */
export function checkOutput<T>(spec: LlmOutputSpec<T>, text: string): OutputCheck<T> {
  let json: unknown;
  try {
    json = JSON.parse(unfence(text));
  } catch {
    return { ok: false, issues: ['the reply is not valid JSON'] };
  }
  const result = spec.schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    }),
  };
}

/** The follow-up turn of the one repair attempt: the model's reply, then what was wrong with it. */
export function repairMessages(text: string, issues: readonly string[]): LlmMessage[] {
  return [
    { role: 'assistant', content: text },
    {
      role: 'user',
      content: `Your reply did not match the required JSON schema. Problems:\n${issues
        .map((issue) => `- ${issue}`)
        .join('\n')}\nReply again with only the corrected JSON.`,
    },
  ];
}
