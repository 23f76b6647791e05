import { z } from 'zod';
import { unknownFieldMessage } from './field-suggestion.js';

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const strictCopies = new WeakMap<AnySchema, AnySchema>();

interface UnknownFieldParams {
  unknownField: true;
  /** The object's own fields. */
  known: readonly string[];
  /** Fields of objects inside it (`question.expectedKeywords`), for a field sent one level too high. */
  nested: () => readonly string[];
}

/** Unwraps optional, nullable, default… down to an object's shape, if there is one (arrays not entered). */
function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = schema._zod.def as unknown as Def;
  if (def.type === 'object') return def.shape as Record<string, AnySchema>;
  if ('innerType' in def) return shapeOf(def.innerType as AnySchema);
  if (def.type === 'pipe') return shapeOf(def.in as AnySchema);
  return undefined;
}

/** `question.expectedKeywords`, … : the dotted paths of the fields of nested objects, two levels deep. */
function nestedFields(shape: Record<string, AnySchema>, depth = 2): string[] {
  if (depth === 0) return [];
  const paths: string[] = [];
  for (const [key, value] of Object.entries(shape)) {
    const inner = shapeOf(value);
    if (!inner) continue;
    for (const child of Object.keys(inner)) paths.push(`${key}.${child}`);
    for (const deeper of nestedFields(inner, depth - 1)) paths.push(`${key}.${deeper}`);
  }
  return paths;
}

/**
 * A catch-all that fails every key it sees. Unlike `.strict()`, which reports
 * one `unrecognized_keys` issue per object, it yields one issue per unknown key
 * with that key's path, and carries the object's known keys for the hint.
 */
function unknownField(shape: Record<string, AnySchema>): AnySchema {
  let nested: readonly string[] | undefined;
  const params: UnknownFieldParams = {
    unknownField: true,
    known: Object.keys(shape),
    nested: () => {
      nested ??= nestedFields(shape);
      return nested;
    },
  };
  const schema = z.unknown().superRefine((_value, ctx) => {
    ctx.addIssue({ code: 'custom', message: 'unknown field', params });
  });
  return schema;
}

/** `expected_keywords: unknown field; did you mean expectedKeywords?` for an issue from strictSchema(). */
export function unknownFieldIssueMessage(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const params = issue.params as Partial<UnknownFieldParams> | undefined;
  if (params?.unknownField !== true || !params.known || !params.nested) return undefined;
  const key = String(issue.path.at(-1) ?? '');
  return unknownFieldMessage(key, params.known, params.nested());
}

function copyWith(schema: AnySchema, changes: Record<string, unknown>): AnySchema {
  const def = schema._zod.def as unknown as Def;
  // `{ parent: true }` keeps the original's metadata (descriptions) for the OpenAPI document.
  return z.core.util.clone(schema, { ...def, ...changes } as typeof schema._zod.def, { parent: true });
}

const mapAll = (schemas: readonly AnySchema[]) => schemas.map((s) => strictCopy(s));

function strictCopy(schema: AnySchema): AnySchema {
  const cached = strictCopies.get(schema);
  if (cached) return cached;
  const def = schema._zod.def as unknown as Def;
  let copy: AnySchema;
  switch (def.type) {
    case 'object': {
      // An object that already says what extra keys may hold (`.loose()`, a catch-all) is left as it
      // is, with everything inside: a schema marks a subtree lenient that way (e.g. a result echoed back).
      if (def.catchall !== undefined) {
        copy = schema;
        break;
      }
      const shape = def.shape as Record<string, AnySchema>;
      const strictShape = Object.fromEntries(
        Object.entries(shape).map(([key, value]) => [key, strictCopy(value)]),
      );
      copy = copyWith(schema, { shape: strictShape, catchall: unknownField(shape) });
      // Published as it is enforced (zod's JSON Schema and the OpenAPI generator both apply this
      // metadata over what they derive, which for a catch-all would be `additionalProperties: {}`).
      z.globalRegistry.add(copy, { additionalProperties: false });
      break;
    }
    case 'array':
      copy = copyWith(schema, { element: strictCopy(def.element as AnySchema) });
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'catch':
    case 'readonly':
      copy = copyWith(schema, { innerType: strictCopy(def.innerType as AnySchema) });
      break;
    case 'union':
      copy = copyWith(schema, { options: mapAll(def.options as AnySchema[]) });
      break;
    case 'tuple':
      copy = copyWith(schema, {
        items: mapAll(def.items as AnySchema[]),
        rest: def.rest ? strictCopy(def.rest as AnySchema) : def.rest,
      });
      break;
    case 'record':
      copy = copyWith(schema, { valueType: strictCopy(def.valueType as AnySchema) });
      break;
    case 'pipe':
      copy = copyWith(schema, { in: strictCopy(def.in as AnySchema), out: strictCopy(def.out as AnySchema) });
      break;
    case 'lazy': {
      const getter = def.getter as () => AnySchema;
      copy = copyWith(schema, { getter: () => strictCopy(getter()) });
      break;
    }
    default:
      // Leaves, transforms, and intersections (each side would refuse the other's keys) stay as they are.
      copy = schema;
  }
  strictCopies.set(schema, copy);
  return copy;
}

/**
 * The same schema with every object in it strict: a key it does not declare
 * is an issue at that key's path (`question.expected_keywords`), where zod's
 * default would drop it without a word and let a caller's snake_case field
 * switch a gate off unnoticed. Checks, defaults and refinements are kept.
 */
export function strictSchema<S extends z.ZodType>(schema: S): S {
  return strictCopy(schema) as S;
}
