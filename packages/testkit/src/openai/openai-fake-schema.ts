/**
 * OpenAI's Structured Outputs rules for `strict: true` schemas
 * (platform.openai.com/docs/guides/structured-outputs#supported-schemas):
 * the root is an object; every object sets `additionalProperties: false` and
 * lists every property in `required`; only the documented keywords; at most
 * 10 levels of nesting. A break is a 400 whose message names the schema and
 * the context, as the service words it.
 */
const SUPPORTED_KEYWORDS = new Set([
  // Every type
  'type',
  'description',
  'title',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
  '$schema',
  // Objects
  'properties',
  'required',
  'additionalProperties',
  // Arrays
  'items',
  'minItems',
  'maxItems',
  // Strings
  'pattern',
  'format',
  // Numbers
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
]);

const MAX_DEPTH = 10;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const contextOf = (path: readonly string[]) =>
  `(${path.map((part) => `'${part}'`).join(', ')}${path.length === 1 ? ',' : ''})`;

/** The first rule the schema breaks, worded as OpenAI words it, or undefined. */
export function strictSchemaProblem(name: string, schema: unknown): string | undefined {
  const prefix = `Invalid schema for response_format '${name}': `;
  if (!isObject(schema)) return `${prefix}schema must be a JSON Schema object.`;
  if (schema.type !== 'object') {
    return `${prefix}schema must be a JSON Schema of 'type: "object"', got 'type: "${String(schema.type)}"'.`;
  }
  const problem = walk(schema, [], 0);
  return problem === undefined ? undefined : prefix + problem;
}

function walk(node: Json, path: string[], depth: number): string | undefined {
  const context = `In context=${contextOf(path)}, `;
  if (depth > MAX_DEPTH) return `${context}the schema nests deeper than ${MAX_DEPTH} levels.`;
  for (const key of Object.keys(node)) {
    if (!SUPPORTED_KEYWORDS.has(key)) return `${context}'${key}' is not permitted.`;
  }
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('object') || isObject(node.properties)) {
    if (node.additionalProperties !== false) {
      return `${context}'additionalProperties' is required to be supplied and to be false.`;
    }
    const properties = isObject(node.properties) ? Object.keys(node.properties) : [];
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = properties.filter((key) => !required.includes(key));
    if (missing.length > 0) {
      return `${context}'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }
  const children: [string[], unknown][] = [];
  if (isObject(node.properties)) {
    for (const [key, child] of Object.entries(node.properties))
      children.push([[...path, 'properties', key], child]);
  }
  if (node.items !== undefined) children.push([[...path, 'items'], node.items]);
  if (Array.isArray(node.anyOf)) {
    for (const [i, child] of node.anyOf.entries()) children.push([[...path, 'anyOf', String(i)], child]);
  }
  for (const defs of ['$defs', 'definitions'] as const) {
    const table = node[defs];
    if (isObject(table))
      for (const [key, child] of Object.entries(table)) children.push([[...path, defs, key], child]);
  }
  for (const [childPath, child] of children) {
    if (!isObject(child)) continue;
    const nested = childPath.at(-2) === 'properties' || childPath.at(-1) === 'items';
    const problem = walk(child, childPath, depth + (nested ? 1 : 0));
    if (problem !== undefined) return problem;
  }
  return undefined;
}
