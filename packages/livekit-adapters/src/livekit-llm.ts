import { randomUUID } from 'node:crypto';
import type { LLM, LlmMessage, LlmRequest } from '@bot-backend/interfaces';
import { type APIConnectOptions, DEFAULT_API_CONNECT_OPTIONS, llm, log } from '@livekit/agents';
import { toLiveKitError } from './livekit-errors.js';

export interface LiveKitLlmOptions {
  /** Overrides the provider's default model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/** LiveKit's chat context as our messages: `developer` is a system message; non-text items are skipped. */
export function chatContextToMessages(chatCtx: llm.ChatContext): LlmMessage[] {
  const messages: LlmMessage[] = [];
  for (const item of chatCtx.items) {
    if (item.type !== 'message') continue;
    const content = item.textContent;
    if (content === undefined || content.trim() === '') continue;
    messages.push({ role: item.role === 'developer' ? 'system' : item.role, content });
  }
  return messages;
}

/**
 * Any of our LLM capabilities as a LiveKit `llm.LLM`. Our contract has no tool
 * calling, so a tool context is reported once as a warning and not sent.
 */
export class LiveKitLlm extends llm.LLM {
  readonly inner: LLM;
  readonly options: LiveKitLlmOptions;
  #warnedTools = false;

  constructor(inner: LLM, options: LiveKitLlmOptions = {}) {
    super();
    this.inner = inner;
    this.options = options;
  }

  label(): string {
    return `bot-backend.${this.inner.provider}.LLM`;
  }

  override get model(): string {
    return this.options.model ?? this.inner.modelId;
  }

  override get provider(): string {
    return this.inner.provider;
  }

  chat({
    chatCtx,
    toolCtx,
    connOptions,
  }: {
    chatCtx: llm.ChatContext;
    toolCtx?: llm.ToolContextLike;
    connOptions?: APIConnectOptions;
    parallelToolCalls?: boolean;
    toolChoice?: llm.ToolChoice;
    extraKwargs?: Record<string, unknown>;
  }): LiveKitLlmStream {
    const hasTools = toolCtx !== undefined && llm.toToolContext(toolCtx).tools.length > 0;
    if (hasTools && !this.#warnedTools) {
      this.#warnedTools = true;
      log().warn({ llm: this.label() }, 'tool calling is not part of our LLM contract; tools are not sent');
    }
    return new LiveKitLlmStream(this, {
      chatCtx,
      connOptions: connOptions ?? DEFAULT_API_CONNECT_OPTIONS,
    });
  }
}

export class LiveKitLlmStream extends llm.LLMStream {
  readonly #owner: LiveKitLlm;

  constructor(owner: LiveKitLlm, params: { chatCtx: llm.ChatContext; connOptions: APIConnectOptions }) {
    super(owner, params);
    this.#owner = owner;
  }

  protected async run(): Promise<void> {
    const id = randomUUID();
    const { model, temperature, maxTokens } = this.#owner.options;
    const request: LlmRequest = {
      messages: chatContextToMessages(this.chatCtx),
      model,
      temperature,
      maxTokens,
    };
    for await (const part of this.#owner.inner.stream(request, { signal: this.abortController.signal })) {
      if (part.type === 'error') throw toLiveKitError(part.error);
      if (this.queue.closed) return;
      if (part.type === 'text-delta') {
        this.queue.put({ id, delta: { role: 'assistant', content: part.delta } });
      } else {
        this.queue.put({
          id,
          usage: {
            completionTokens: part.usage.outputTokens,
            promptTokens: part.usage.inputTokens,
            promptCachedTokens: 0,
            totalTokens: part.usage.totalTokens,
          },
        });
      }
    }
  }
}
