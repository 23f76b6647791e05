import { badParam, modelNotFound, type Vendor, type WireError, wireError } from './openai-fake-errors.js';
import { GROQ_CHAT_MODELS, isOpenAiReasoningModel, knownOpenAiChatModel } from './openai-fake-models.js';
import { strictSchemaProblem } from './openai-fake-schema.js';

type Body = Record<string, unknown>;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** OpenAI words a range error as `Invalid 'x': decimal above maximum value. Expected a value <= 2, but got 3 instead.` */
function range(
  vendor: Vendor,
  body: Body,
  param: string,
  min: number,
  max: number,
  integer = false,
): WireError | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  const kind = integer ? 'integer' : 'decimal';
  if (!isNumber(value) || (integer && !Number.isInteger(value))) {
    return badParam(
      vendor,
      param,
      `Invalid type for '${param}': expected ${integer ? 'an integer' : 'a decimal'}.`,
      'invalid_type',
    );
  }
  if (value > max) {
    return badParam(
      vendor,
      param,
      `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      `${kind}_above_max_value`,
    );
  }
  if (value < min) {
    return badParam(
      vendor,
      param,
      `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      `${kind}_below_min_value`,
    );
  }
  return undefined;
}

function mentionsJson(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  return messages.some((message) => {
    const content = (message as { content?: unknown }).content;
    const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
    return /json/i.test(text);
  });
}

/**
 * What the service checks in a chat completion request before it generates, in
 * the order it reports them. `extraModels`: ids a compatible server also serves.
 */
export function checkChatRequest(
  vendor: Vendor,
  body: Body | undefined,
  extraModels: ReadonlySet<string>,
): WireError | undefined {
  if (body === undefined) {
    return wireError(
      vendor,
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
    );
  }
  const model = body.model;
  if (typeof model !== 'string' || model === '')
    return badParam(vendor, 'model', 'you must provide a model parameter');
  const known =
    extraModels.has(model) || (vendor === 'groq' ? GROQ_CHAT_MODELS.has(model) : knownOpenAiChatModel(model));
  // Both answer 404 model_not_found for an id they do not serve (or have retired).
  if (!known) return modelNotFound(vendor, model);

  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return badParam(
      vendor,
      'messages',
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'empty_array',
    );
  }
  // Groq: "Unsupported features: logprobs, logit_bias, top_logprobs, messages[].name; n must be 1" (console.groq.com/docs/openai).
  if (vendor === 'groq') {
    for (const param of ['logprobs', 'logit_bias', 'top_logprobs']) {
      if (body[param] !== undefined && body[param] !== null)
        return badParam('groq', param, `property '${param}' is unsupported`);
    }
    if (body.n !== undefined && body.n !== null && body.n !== 1)
      return badParam('groq', 'n', "'n' : number must be at most 1");
  } else {
    const n = range('openai', body, 'n', 1, 128, true);
    if (n) return n;
  }
  const temperature = range(vendor, body, 'temperature', 0, 2);
  if (temperature) return temperature;
  const topP = range(vendor, body, 'top_p', 0, 1);
  if (topP) return topP;

  // Reasoning models: only max_completion_tokens and the default sampling (platform.openai.com/docs/guides/reasoning).
  if (vendor === 'openai' && isOpenAiReasoningModel(model)) {
    if (body.max_tokens !== undefined && body.max_tokens !== null) {
      return badParam(
        'openai',
        'max_tokens',
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        'unsupported_parameter',
      );
    }
    if (body.temperature !== undefined && body.temperature !== null && body.temperature !== 1) {
      return badParam(
        'openai',
        'temperature',
        `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
        'unsupported_value',
      );
    }
  }
  for (const param of ['max_tokens', 'max_completion_tokens']) {
    const limit = range(vendor, body, param, 1, Number.MAX_SAFE_INTEGER, true);
    if (limit) return limit;
  }
  if (Array.isArray(body.stop) && body.stop.length > 4) {
    return badParam(
      vendor,
      'stop',
      `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${body.stop.length} instead.`,
      'array_above_max_length',
    );
  }
  // "stream_options: Options for streaming response. Only set this when you set stream: true." (API reference, chat/create).
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return badParam(
      vendor,
      'stream_options',
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'invalid_value',
    );
  }
  return checkResponseFormat(vendor, model, body, extraModels.has(model));
}

function checkResponseFormat(
  vendor: Vendor,
  model: string,
  body: Body,
  extra: boolean,
): WireError | undefined {
  const format = body.response_format as Body | undefined | null;
  if (format === undefined || format === null) return undefined;
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') {
    // Both services refuse JSON mode unless the prompt asks for JSON.
    if (!mentionsJson(body.messages)) {
      return badParam(
        vendor,
        'messages',
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      );
    }
    return undefined;
  }
  if (format.type !== 'json_schema') {
    return badParam(
      vendor,
      'response_format.type',
      `Invalid value: '${String(format.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
      'invalid_value',
    );
  }
  const spec = format.json_schema as Body | undefined;
  if (!spec || typeof spec.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
    return badParam(
      vendor,
      'response_format.json_schema.name',
      "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
      'invalid_value',
    );
  }
  const strict = spec.strict === true;
  if (vendor === 'groq' && !extra) {
    const info = GROQ_CHAT_MODELS.get(model);
    // console.groq.com/docs/structured-outputs#supported-models
    if (!info?.jsonSchema || (strict && !info.strict)) {
      return badParam(
        'groq',
        'response_format',
        `This model does not support response format \`json_schema\`${strict ? ' with strict mode' : ''}. See supported models at https://console.groq.com/docs/structured-outputs#supported-models`,
      );
    }
  }
  if (strict) {
    const problem = strictSchemaProblem(spec.name, spec.schema);
    if (problem !== undefined) return badParam(vendor, 'response_format', problem);
  }
  return undefined;
}
