import {
  type CallOptions,
  InvalidOutputError,
  type LLM,
  type LlmCapabilities,
  type LlmFinishReason,
  type LlmRequest,
  type LlmResult,
  type LlmStreamPart,
  type LlmUsage,
  VendorError,
  withFields,
} from '@bot-backend/interfaces';
import { startCall } from '@bot-backend/vendor-kit';
import {
  addUsage,
  chatCompletionChunkSchema,
  chatCompletionResponseSchema,
  emptyUsage,
  mapFinishReason,
  toUsage,
  toWireMessage,
  type WireMessage,
  type WireUsage,
} from './openai-compatible-chat-wire.js';
import type { OpenAICompatibleChatBody } from './openai-compatible-client.js';
import type { OpenAICompatibleModelConfig } from './openai-compatible-config.js';
import { type WireErrorBody, wireErrorBody } from './openai-compatible-errors.js';
import { OpenAICompatibleModel } from './openai-compatible-model.js';
import {
  checkOutput,
  planResponseFormat,
  type ResponseFormatPlan,
  repairMessages,
  type StructuredOutputMode,
} from './openai-compatible-structured-output.js';

/** What one chat model id accepts; the vendor's catalogue decides. */
export interface OpenAICompatibleChatModelCapabilities {
  structuredOutputs: StructuredOutputMode;
  /** Accepts `temperature` (reasoning models refuse sampling parameters). */
  temperature: boolean;
}

/** Where a vendor's wire differs from OpenAI's. */
export interface OpenAICompatibleChatDialect {
  /** Usage and an in-band error a vendor keeps in its own field of a stream chunk (Groq: `x_groq`). */
  readChunk?(chunk: unknown): { usage?: WireUsage; error?: string | undefined };
  /**
   * The model's text when the error is the vendor's own check of JSON output
   * (Groq: 400 `json_validate_failed`): an invalid attempt to repair, not a bad request.
   */
  failedGeneration?(error: WireErrorBody): string | undefined;
}

export interface OpenAICompatibleLlmConfig extends OpenAICompatibleModelConfig {
  /** Per model id, since a request may name another model than the instance's own. */
  capabilities(modelId: string): OpenAICompatibleChatModelCapabilities;
  /** OpenAI wants `max_completion_tokens`; many compatible servers only know `max_tokens`. */
  maxTokensParameter: 'max_completion_tokens' | 'max_tokens';
  /** Ask for the usage chunk at the end of a stream (`stream_options.include_usage`). */
  includeStreamUsage: boolean;
  /** Vendor fields from the model's options (`user`, `reasoning_effort`, Groq's `service_tier`…), sent as they are. */
  extraBody: Readonly<Record<string, unknown>>;
  dialect?: OpenAICompatibleChatDialect | undefined;
}

interface RequestBody extends OpenAICompatibleChatBody {
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  seed?: number;
  response_format?: ResponseFormatPlan['responseFormat'];
  [vendorField: string]: unknown;
}

interface Attempt {
  text: string;
  usage: LlmUsage;
  finishReason: LlmFinishReason;
  model: string;
}

/** OpenAI's stop sequences are capped at four, and Groq's likewise. */
const MAX_STOP_SEQUENCES = 4;

/** Chat completions (`POST {baseURL}/chat/completions`) through the official `openai` SDK. */
export class OpenAICompatibleLlm extends OpenAICompatibleModel<OpenAICompatibleLlmConfig> implements LLM {
  readonly capabilities: LlmCapabilities = { streaming: true, structuredOutput: true };

  async complete<T = undefined>(request: LlmRequest<T>, options: CallOptions = {}): Promise<LlmResult<T>> {
    const { body, warnings } = this.#buildBody(request);
    const output = request.output;
    if (!output) {
      const attempt = await this.#createCompletion(body, options);
      return { ...attempt, object: undefined as T, provider: this.provider, warnings };
    }

    const plan = planResponseFormat(output, this.config.capabilities(body.model).structuredOutputs);
    warnings.push(...plan.warnings);
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
      ? planResponseFormat(request.output, this.config.capabilities(body.model).structuredOutputs)
      : undefined;
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.config.timeoutMs);
    let finishReason: string | undefined;
    let usage: LlmUsage | undefined;
    let model = body.model;
    try {
      const params = {
        ...(plan ? withFormat(body, plan, body.messages) : body),
        stream: true as const,
        ...(this.config.includeStreamUsage ? { stream_options: { include_usage: true } } : {}),
      };
      // The SDK sends the body as given; vendor fields it does not type (Groq's) ride along.
      const chunks = await this.config.client.chat.completions.create(params, { signal: call.signal });
      for await (const raw of chunks) {
        call.firstByte();
        // Chunks the SDK had already read are not passed on once the caller aborted.
        if (call.signal.aborted) break;
        const chunk = chatCompletionChunkSchema.parse(raw);
        const own = this.config.dialect?.readChunk?.(raw);
        if (chunk.model) model = chunk.model;
        usage = toUsage(own?.usage) ?? toUsage(chunk.usage) ?? usage;
        if (own?.error) {
          yield {
            type: 'error',
            error: this.#error('unavailable', `the stream stopped early: ${own.error}`),
          };
          return;
        }
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        if (choice.delta?.refusal) {
          yield { type: 'error', error: this.#error('content_filter', 'the model refused') };
          return;
        }
        const delta = choice.delta?.content;
        if (delta) yield { type: 'text-delta', delta };
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // The SDK's iteration ended with the response (it reads to the end, past [DONE]): nothing left to abort.
      if (!call.signal.aborted) call.finished();
      // The SDK ends the iteration quietly when its signal aborts; say why.
      const aborted = call.abortError();
      if (aborted) {
        yield { type: 'error', error: aborted };
        return;
      }
      if (finishReason === undefined) {
        yield { type: 'error', error: this.#error('unavailable', 'the stream ended before a finish reason') };
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
      yield { type: 'error', error: this.failure(call, error) };
    } finally {
      call.dispose();
    }
  }

  async #createCompletion(body: RequestBody, options: CallOptions): Promise<Attempt> {
    const call = startCall(this.provider, options.signal, options.timeoutMs ?? this.config.timeoutMs);
    let raw: unknown;
    try {
      raw = await this.config.client.chat.completions.create(withFields(body, { stream: false as const }), {
        signal: call.signal,
      });
      // The SDK parsed the whole body: nothing left to abort.
      call.finished();
    } catch (error) {
      const aborted = call.abortError();
      if (aborted) throw aborted;
      const wire = body.response_format ? wireErrorBody(error, this.config.errors) : undefined;
      const failed = wire ? this.config.dialect?.failedGeneration?.(wire) : undefined;
      if (failed !== undefined) {
        return { text: failed, usage: emptyUsage(), finishReason: 'other', model: body.model };
      }
      throw this.failure(call, error);
    } finally {
      call.dispose();
    }
    const parsed = chatCompletionResponseSchema.safeParse(raw);
    const choice = parsed.success ? parsed.data.choices?.[0] : undefined;
    if (!parsed.success || !choice) throw this.#error('unavailable', 'the response carried no choice');
    if (choice.message?.refusal) throw this.#error('content_filter', 'the model refused');
    if (choice.finish_reason === 'content_filter') throw this.#contentFilter();
    return {
      text: choice.message?.content ?? '',
      usage: toUsage(parsed.data.usage) ?? emptyUsage(),
      finishReason: mapFinishReason(choice.finish_reason),
      model: parsed.data.model ?? body.model,
    };
  }

  #error(kind: VendorError['kind'], message: string): VendorError {
    return new VendorError({ kind, vendor: this.provider, message: `${this.provider}: ${message}` });
  }

  #contentFilter(): VendorError {
    return this.#error('content_filter', 'the answer was stopped by the content filter');
  }

  #buildBody(request: LlmRequest<unknown>): { body: RequestBody; warnings: string[] } {
    const warnings: string[] = [];
    const model = request.model ?? this.modelId;
    const body: RequestBody = { model, messages: request.messages.map(toWireMessage) };
    if (request.temperature !== undefined) {
      if (this.config.capabilities(model).temperature) body.temperature = request.temperature;
      else warnings.push(`temperature is not supported by ${model}; it was not sent`);
    }
    if (request.maxTokens !== undefined) body[this.config.maxTokensParameter] = request.maxTokens;
    if (request.stop !== undefined && request.stop.length > 0) {
      if (request.stop.length > MAX_STOP_SEQUENCES) {
        warnings.push(`only the first ${MAX_STOP_SEQUENCES} stop sequences were sent`);
      }
      body.stop = request.stop.slice(0, MAX_STOP_SEQUENCES);
    }
    if (request.seed !== undefined) body.seed = request.seed;
    // Not `{ ...body, ...extraBody }`, which would keep the conversation's messages until a full GC (withFields).
    return { body: withFields(body, this.config.extraBody), warnings };
  }
}

function withFormat(body: RequestBody, plan: ResponseFormatPlan, messages: WireMessage[]): RequestBody {
  return {
    ...body,
    messages: plan.instruction ? [{ role: 'system', content: plan.instruction }, ...messages] : messages,
    response_format: plan.responseFormat,
  };
}
