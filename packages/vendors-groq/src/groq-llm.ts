import {
  type CallOptions,
  InvalidOutputError,
  type LLM,
  type LlmCapabilities,
  type LlmFinishReason,
  type LlmMessage,
  type LlmRequest,
  type LlmResult,
  type LlmStreamPart,
  type LlmUsage,
  VendorError,
} from '@bot-backend/interfaces';
import { startCall } from '@bot-backend/vendor-kit';
import type Groq from 'groq-sdk';
import { APIError } from 'groq-sdk';
import type { ChatCompletionCreateParamsBase } from 'groq-sdk/resources/chat/completions';
import { groqErrorBody, groqErrorToVendorError } from './groq-errors.js';
import { groqChatModel } from './groq-models.js';
import {
  type GroqChatModelId,
  type GroqLlmOptions,
  groqCompletionChunkSchema,
  groqCompletionResponseSchema,
  groqLlmOptionsSchema,
} from './groq-options.js';
import {
  checkOutput,
  planResponseFormat,
  type ResponseFormatPlan,
  repairMessages,
  type StructuredOutputMode,
} from './groq-structured-output.js';

export interface GroqLlmConfig {
  client: Groq;
  modelId: GroqChatModelId;
  provider?: string | undefined;
  timeoutMs?: number | undefined;
  options?: GroqLlmOptions | undefined;
}

type RequestBody = Omit<ChatCompletionCreateParamsBase, 'stream'>;

interface Attempt {
  text: string;
  usage: LlmUsage;
  finishReason: LlmFinishReason;
  model: string;
}

/** Groq, like OpenAI, caps stop sequences at four. */
const MAX_STOP_SEQUENCES = 4;

export function mapGroqFinishReason(reason: string | null | undefined): LlmFinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}

const emptyUsage = (): LlmUsage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

function toUsage(
  usage:
    | { prompt_tokens?: number | null; completion_tokens?: number | null; total_tokens?: number | null }
    | null
    | undefined,
): LlmUsage | undefined {
  if (!usage) return undefined;
  const inputTokens = usage.prompt_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
}

const addUsage = (a: LlmUsage, b: LlmUsage): LlmUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  totalTokens: a.totalTokens + b.totalTokens,
});

/** Chat completions on Groq (`POST /openai/v1/chat/completions`) through the official `groq-sdk`. */
export class GroqLlm implements LLM {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: GroqChatModelId;
  readonly capabilities: LlmCapabilities = { streaming: true, structuredOutput: true };
  readonly #client: Groq;
  readonly #timeoutMs: number | undefined;
  readonly #options: GroqLlmOptions;

  constructor(config: GroqLlmConfig) {
    this.#client = config.client;
    this.modelId = config.modelId;
    this.provider = config.provider ?? 'groq';
    this.#timeoutMs = config.timeoutMs;
    this.#options = groqLlmOptionsSchema.parse(config.options ?? {});
  }

  async complete<T = undefined>(request: LlmRequest<T>, options: CallOptions = {}): Promise<LlmResult<T>> {
    const { body, warnings } = this.#buildBody(request);
    const output = request.output;
    if (!output) {
      const attempt = await this.#createCompletion(body, options);
      return { ...attempt, object: undefined as T, provider: this.provider, warnings };
    }

    const plan = planResponseFormat(output, this.#structuredOutputMode(body.model));
    const first = await this.#createCompletion(withFormat(body, plan, body.messages), options);
    const checked = checkOutput(output, first.text);
    if (checked.ok) return { ...first, object: checked.value, provider: this.provider, warnings };

    const messages = [...body.messages, ...repairMessages(first.text, checked.issues).map(toWireMessage)];
    const second = await this.#createCompletion(withFormat(body, plan, messages), options);
    const rechecked = checkOutput(output, second.text);
    if (!rechecked.ok) {
      throw new InvalidOutputError({ provider: this.provider, text: second.text, issues: rechecked.issues });
    }
    return {
      ...second,
      usage: addUsage(first.usage, second.usage),
      object: rechecked.value,
      provider: this.provider,
      warnings,
    };
  }

  async *stream(request: LlmRequest, options: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    const { body } = this.#buildBody(request);
    const plan = request.output
      ? planResponseFormat(request.output, this.#structuredOutputMode(body.model))
      : undefined;
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    let finishReason: string | undefined;
    let usage: LlmUsage | undefined;
    let model = body.model;
    try {
      // No stream_options: Groq reports stream usage in `x_groq.usage` on the last chunk.
      const chunks = await this.#client.chat.completions.create(
        { ...(plan ? withFormat(body, plan, body.messages) : body), stream: true },
        { signal: call.signal },
      );
      for await (const raw of chunks) {
        call.firstByte();
        const chunk = groqCompletionChunkSchema.parse(raw);
        if (chunk.model) model = chunk.model;
        usage = toUsage(chunk.x_groq?.usage) ?? toUsage(chunk.usage) ?? usage;
        if (chunk.x_groq?.error) {
          yield {
            type: 'error',
            error: new VendorError({
              kind: 'unavailable',
              vendor: this.provider,
              message: `${this.provider}: the stream stopped early: ${chunk.x_groq.error}`,
            }),
          };
          return;
        }
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta?.content;
        if (delta) yield { type: 'text-delta', delta };
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // The SDK ends the iteration quietly when its signal aborts; say why.
      const aborted = call.abortError();
      if (aborted) {
        yield { type: 'error', error: aborted };
        return;
      }
      if (finishReason === undefined) {
        yield {
          type: 'error',
          error: new VendorError({
            kind: 'unavailable',
            vendor: this.provider,
            message: `${this.provider}: the stream ended before a finish reason`,
          }),
        };
        return;
      }
      if (finishReason === 'content_filter') {
        yield { type: 'error', error: this.#contentFilter() };
        return;
      }
      yield {
        type: 'finish',
        usage: usage ?? emptyUsage(),
        finishReason: mapGroqFinishReason(finishReason),
        model,
        provider: this.provider,
      };
    } catch (error) {
      yield { type: 'error', error: call.abortError() ?? groqErrorToVendorError(error, this.provider) };
    } finally {
      call.dispose();
    }
  }

  async #createCompletion(body: RequestBody, options: CallOptions): Promise<Attempt> {
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    let raw: unknown;
    try {
      raw = await this.#client.chat.completions.create({ ...body, stream: false }, { signal: call.signal });
    } catch (error) {
      const aborted = call.abortError();
      if (aborted) throw aborted;
      // Groq checks JSON mode itself and answers 400 with what the model wrote; that is
      // an invalid attempt for our repair step, not a bad request.
      if (body.response_format && error instanceof APIError && error.status === 400) {
        const detail = groqErrorBody(error);
        if (detail.code === 'json_validate_failed') {
          return {
            text: detail.failedGeneration ?? '',
            usage: emptyUsage(),
            finishReason: 'other',
            model: body.model,
          };
        }
      }
      throw groqErrorToVendorError(error, this.provider);
    } finally {
      call.dispose();
    }
    const parsed = groqCompletionResponseSchema.safeParse(raw);
    const choice = parsed.success ? parsed.data.choices?.[0] : undefined;
    if (!parsed.success || !choice) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: this.provider,
        message: `${this.provider}: the response carried no choice`,
      });
    }
    if (choice.finish_reason === 'content_filter') throw this.#contentFilter();
    return {
      text: choice.message?.content ?? '',
      usage: toUsage(parsed.data.usage) ?? emptyUsage(),
      finishReason: mapGroqFinishReason(choice.finish_reason),
      model: parsed.data.model ?? body.model,
    };
  }

  /**
   * Groq answers 400 to `json_schema` on a model it does not list for Structured
   * Outputs, so the catalogue decides: json_schema where listed, else JSON mode
   * (the schema goes in the prompt; our zod check and one repair do the rest).
   */
  #structuredOutputMode(model: string): StructuredOutputMode {
    if (this.#options.structuredOutputs !== undefined) return this.#options.structuredOutputs;
    return groqChatModel(model)?.jsonSchema ? 'json_schema' : 'json_object';
  }

  #contentFilter(): VendorError {
    return new VendorError({
      kind: 'content_filter',
      vendor: this.provider,
      message: `${this.provider}: the answer was stopped by the content filter`,
    });
  }

  #buildBody(request: LlmRequest<unknown>): { body: RequestBody; warnings: string[] } {
    const warnings: string[] = [];
    const body: RequestBody = {
      model: request.model ?? this.modelId,
      messages: request.messages.map(toWireMessage),
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
    if (request.stop !== undefined && request.stop.length > 0) {
      if (request.stop.length > MAX_STOP_SEQUENCES) {
        warnings.push(`only the first ${MAX_STOP_SEQUENCES} stop sequences were sent`);
      }
      body.stop = request.stop.slice(0, MAX_STOP_SEQUENCES);
    }
    if (request.seed !== undefined) body.seed = request.seed;
    if (this.#options.reasoningFormat !== undefined) body.reasoning_format = this.#options.reasoningFormat;
    if (this.#options.reasoningEffort !== undefined) body.reasoning_effort = this.#options.reasoningEffort;
    if (this.#options.serviceTier !== undefined) body.service_tier = this.#options.serviceTier;
    if (this.#options.user !== undefined) body.user = this.#options.user;
    return { body, warnings };
  }
}

function toWireMessage(message: LlmMessage): RequestBody['messages'][number] {
  return { role: message.role, content: message.content };
}

function withFormat(
  body: RequestBody,
  plan: ResponseFormatPlan,
  messages: RequestBody['messages'],
): RequestBody {
  return {
    ...body,
    messages: plan.instruction ? [{ role: 'system', content: plan.instruction }, ...messages] : messages,
    response_format: plan.responseFormat,
  };
}
