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
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { openAIErrorToVendorError } from './openai-errors.js';
import { openAIChatModel } from './openai-models.js';
import {
  chatCompletionChunkSchema,
  chatCompletionResponseSchema,
  type OpenAIChatModelId,
  type OpenAILlmOptions,
  openAILlmOptionsSchema,
} from './openai-options.js';
import {
  checkOutput,
  planResponseFormat,
  type ResponseFormatPlan,
  repairMessages,
} from './openai-structured-output.js';

export interface OpenAILlmConfig {
  client: OpenAI;
  modelId: OpenAIChatModelId;
  /** Reported as `provider` and in errors; `openai` unless a compatible server is named. */
  provider: string;
  /** The endpoint is api.openai.com itself (decides the token-limit field's default). */
  officialEndpoint: boolean;
  timeoutMs?: number | undefined;
  options?: OpenAILlmOptions | undefined;
}

type RequestBody = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options'>;

interface Attempt {
  text: string;
  usage: LlmUsage;
  finishReason: LlmFinishReason;
  model: string;
}

/** OpenAI's stop sequences are capped at four. */
const MAX_STOP_SEQUENCES = 4;

// Reasoning models reject sampling parameters such as temperature; the catalogue knows,
// and the id pattern covers ids it does not list yet.
const reasoningModel = (modelId: string) =>
  openAIChatModel(modelId)?.reasoning ?? /^(o\d|gpt-5)(?!-chat)/.test(modelId);

export function mapFinishReason(reason: string | null | undefined): LlmFinishReason {
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

/** Chat completions (`POST /chat/completions`) through the official `openai` SDK, against OpenAI or any compatible server. */
export class OpenAILlm implements LLM {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: OpenAIChatModelId;
  readonly capabilities: LlmCapabilities = { streaming: true, structuredOutput: true };
  readonly #client: OpenAI;
  readonly #timeoutMs: number | undefined;
  readonly #options: OpenAILlmOptions;
  readonly #maxTokensParameter: 'max_completion_tokens' | 'max_tokens';

  constructor(config: OpenAILlmConfig) {
    this.#client = config.client;
    this.modelId = config.modelId;
    this.provider = config.provider;
    this.#timeoutMs = config.timeoutMs;
    this.#options = openAILlmOptionsSchema.parse(config.options ?? {});
    this.#maxTokensParameter =
      this.#options.maxTokensParameter ?? (config.officialEndpoint ? 'max_completion_tokens' : 'max_tokens');
  }

  async complete<T = undefined>(request: LlmRequest<T>, options: CallOptions = {}): Promise<LlmResult<T>> {
    const { body, warnings } = this.#buildBody(request);
    const output = request.output;
    if (!output) {
      const attempt = await this.#createCompletion(body, options);
      return { ...attempt, object: undefined as T, provider: this.provider, warnings };
    }

    const plan = planResponseFormat(output, this.#options.structuredOutputs ?? 'strict');
    warnings.push(...plan.warnings);
    const first = await this.#createCompletion(withFormat(body, plan, body.messages), options);
    const checked = checkOutput(output, first.text);
    if (checked.ok) {
      return { ...first, object: checked.value, provider: this.provider, warnings };
    }

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
      ? planResponseFormat(request.output, this.#options.structuredOutputs ?? 'strict')
      : undefined;
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.#timeoutMs);
    let finishReason: string | undefined;
    let usage: LlmUsage | undefined;
    let model = body.model;
    try {
      const chunks = await this.#client.chat.completions.create(
        {
          ...(plan ? withFormat(body, plan, body.messages) : body),
          stream: true,
          ...(this.#options.streamUsage === false ? {} : { stream_options: { include_usage: true } }),
        },
        { signal: call.signal },
      );
      for await (const raw of chunks) {
        call.firstByte();
        const chunk = chatCompletionChunkSchema.parse(raw);
        if (chunk.model) model = chunk.model;
        usage = toUsage(chunk.usage) ?? usage;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        if (choice.delta?.refusal) {
          yield { type: 'error', error: this.#refusal() };
          return;
        }
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
        finishReason: mapFinishReason(finishReason),
        model,
        provider: this.provider,
      };
    } catch (error) {
      yield { type: 'error', error: call.abortError() ?? openAIErrorToVendorError(error, this.provider) };
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
      throw call.abortError() ?? openAIErrorToVendorError(error, this.provider);
    } finally {
      call.dispose();
    }
    const parsed = chatCompletionResponseSchema.safeParse(raw);
    const choice = parsed.success ? parsed.data.choices?.[0] : undefined;
    if (!parsed.success || !choice) {
      throw new VendorError({
        kind: 'unavailable',
        vendor: this.provider,
        message: `${this.provider}: the response carried no choice`,
      });
    }
    if (choice.message?.refusal) throw this.#refusal();
    if (choice.finish_reason === 'content_filter') throw this.#contentFilter();
    return {
      text: choice.message?.content ?? '',
      usage: toUsage(parsed.data.usage) ?? emptyUsage(),
      finishReason: mapFinishReason(choice.finish_reason),
      model: parsed.data.model ?? body.model,
    };
  }

  #refusal(): VendorError {
    return new VendorError({
      kind: 'content_filter',
      vendor: this.provider,
      message: `${this.provider}: the model refused`,
    });
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
    const model = request.model ?? this.modelId;
    const body: RequestBody = { model, messages: request.messages.map(toWireMessage) };
    if (request.temperature !== undefined) {
      if (reasoningModel(model)) warnings.push(`temperature is not supported by ${model}; it was not sent`);
      else body.temperature = request.temperature;
    }
    if (request.maxTokens !== undefined) body[this.#maxTokensParameter] = request.maxTokens;
    if (request.stop !== undefined && request.stop.length > 0) {
      if (request.stop.length > MAX_STOP_SEQUENCES) {
        warnings.push(`only the first ${MAX_STOP_SEQUENCES} stop sequences were sent`);
      }
      body.stop = request.stop.slice(0, MAX_STOP_SEQUENCES);
    }
    if (request.seed !== undefined) body.seed = request.seed;
    if (this.#options.reasoningEffort !== undefined) body.reasoning_effort = this.#options.reasoningEffort;
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
