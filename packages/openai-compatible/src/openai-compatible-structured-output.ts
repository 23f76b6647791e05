import type { LlmMessage, LlmOutputSpec } from '@bot-backend/interfaces';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ResponseFormatJSONObject, ResponseFormatJSONSchema } from 'openai/resources/shared';
import { z } from 'zod';

/**
 * How structured output is asked of a model: `strict` JSON schema (constrained decoding:
 * OpenAI, Groq's gpt-oss), non-strict `json_schema` (most compatible servers, Groq's Llama 4),
 * or `json_object` (JSON mode, the schema in the prompt). zod checks the answer in every mode.
 */
export type StructuredOutputMode = 'strict' | 'json_schema' | 'json_object';

export interface ResponseFormatPlan {
  responseFormat: ResponseFormatJSONSchema | ResponseFormatJSONObject;
  /** Extra system text (json_object mode carries the schema in the prompt). */
  instruction: string | undefined;
  warnings: string[];
}

/**
 * The keywords strict Structured Outputs accept (platform.openai.com/docs/guides/
 * structured-outputs#supported-schemas); anything else (minLength, maxLength,
 * minProperties…) is a 400 "'minLength' is not permitted". zod still checks
 * those limits on our side, and the one repair turn names what broke them.
 */
const STRICT_KEYWORDS = new Set([
  ...['type', 'description', 'title', 'enum', 'const', 'anyOf', '$ref', '$defs', 'definitions', '$schema'],
  ...['properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'pattern', 'format'],
  ...['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
]);
/** Keywords whose value is a table of schemas keyed by name. */
const SCHEMA_TABLES = new Set(['properties', '$defs', 'definitions']);

/** The schema without the keywords strict mode refuses, at every depth. */
export function withoutUnsupportedKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUnsupportedKeywords);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!STRICT_KEYWORDS.has(key)) continue;
    if (SCHEMA_TABLES.has(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, withoutUnsupportedKeywords(child)]),
      );
    } else if (key === 'items' || key === 'anyOf') {
      out[key] = withoutUnsupportedKeywords(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function looseJsonSchema(spec: LlmOutputSpec<unknown>): Record<string, unknown> {
  return z.toJSONSchema(spec.schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/**
 * Plans made so far, by schema object: turning a zod schema into JSON Schema is
 * a few ms of CPU, and the same few schemas go out with every call (the plan,
 * each answer's grade) of every session.
 */
const plans = new WeakMap<object, Map<string, ResponseFormatPlan>>();
/** Distinct name/description/mode uses of one schema kept; more (names made per call) are not cached. */
const MAX_PLANS_PER_SCHEMA = 16;

/** The `response_format` that asks the model for JSON matching the spec's schema. */
export function planResponseFormat(
  spec: LlmOutputSpec<unknown>,
  mode: StructuredOutputMode,
): ResponseFormatPlan {
  const key = `${mode}\u0000${spec.name}\u0000${spec.description ?? ''}`;
  let bySchema = plans.get(spec.schema);
  if (!bySchema) {
    bySchema = new Map();
    plans.set(spec.schema, bySchema);
  }
  let plan = bySchema.get(key);
  if (!plan) {
    plan = buildResponseFormat(spec, mode);
    if (bySchema.size < MAX_PLANS_PER_SCHEMA) bySchema.set(key, plan);
  }
  // The caller may add warnings of its own.
  return { ...plan, warnings: [...plan.warnings] };
}

function buildResponseFormat(spec: LlmOutputSpec<unknown>, mode: StructuredOutputMode): ResponseFormatPlan {
  const warnings: string[] = [];
  if (mode === 'strict') {
    try {
      const format = zodResponseFormat(spec.schema, spec.name, {
        ...(spec.description !== undefined ? { description: spec.description } : {}),
      });
      const schema = withoutUnsupportedKeywords(format.json_schema.schema) as Record<string, unknown>;
      return {
        responseFormat: { type: 'json_schema', json_schema: { ...format.json_schema, schema } },
        instruction: undefined,
        warnings,
      };
    } catch (error) {
      // Strict mode accepts a subset of JSON Schema; fall back rather than fail the call.
      warnings.push(
        `output schema "${spec.name}" is not expressible in strict mode (${error instanceof Error ? error.message : String(error)}); sent as non-strict json_schema`,
      );
    }
  }
  if (mode === 'json_object') {
    return {
      responseFormat: { type: 'json_object' },
      instruction: `Reply with only a JSON object that matches this JSON schema:\n${JSON.stringify(looseJsonSchema(spec))}`,
      warnings,
    };
  }
  return {
    responseFormat: {
      type: 'json_schema',
      json_schema: {
        name: spec.name,
        ...(spec.description !== undefined ? { description: spec.description } : {}),
        schema: looseJsonSchema(spec),
        strict: false,
      },
    },
    instruction: undefined,
    warnings,
  };
}

export type OutputCheck<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Some models (Groq's, compatible servers') wrap JSON in a markdown fence even in JSON mode. */
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
