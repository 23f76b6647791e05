import {
  type CallOptions,
  InvalidOutputError,
  type LLM,
  type LlmCapabilities,
  type LlmRequest,
  type LlmResult,
  type LlmStreamPart,
  VendorError,
  type VendorErrorKind,
} from '@bot-backend/interfaces';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import { requestFor } from './vendor-models.js';

/** The request moved from one provider to the next (its failure before the first token, or its open circuit). */
export interface LlmFallbackEvent {
  type: 'fallback';
  capability: 'llm';
  /** The provider the request left (same as `from`), so every event carries a `provider` label. */
  provider: string;
  from: string;
  to: string;
  reason: VendorErrorKind | 'circuit_open';
}

/** The same provider is tried again after a retryable failure. */
export interface LlmRetryEvent {
  type: 'retry';
  capability: 'llm';
  provider: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: VendorErrorKind;
}

/** A provider's circuit breaker changed state. */
export interface LlmCircuitEvent {
  type: 'circuit';
  capability: 'llm';
  provider: string;
  from: CircuitState;
  to: CircuitState;
  failures: number;
}

export type LlmChainEvent = LlmFallbackEvent | LlmRetryEvent | LlmCircuitEvent;

export interface LlmFallbackOptions {
  breaker?: CircuitBreakerOptions | undefined;
  /**
   * Retries of the same provider after a retryable failure before the first
   * token, before moving on. Default 1. This is the one retry policy: vendors never retry.
   */
  maxRetries?: number | undefined;
  /** Backoff when the vendor gave no retry-after: base · 2^(attempt-1). Default 200 ms. */
  retryBaseDelayMs?: number | undefined;
  /** A retry that would wait longer than this (e.g. a long Retry-After) is skipped for the next provider. Default 2000 ms. */
  maxRetryDelayMs?: number | undefined;
  /** Every switch, retry and breaker change, for logs and /metrics. */
  onEvent?: ((event: LlmChainEvent) => void) | undefined;
  /** Injectable wait (tests); must resolve early when the signal aborts. */
  sleep?: ((ms: number, signal: AbortSignal | undefined) => Promise<void>) | undefined;
}

export interface FallbackLlm extends LLM {
  /** Each member's circuit state, by member name (for readiness and metrics). */
  circuitStates(): Record<string, CircuitState>;
}

interface Member {
  name: string;
  llm: LLM;
  breaker: CircuitBreaker;
}

function defaultSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Member names: the provider's own, made unique when two members share it (`openai`, `openai#2`). */
function memberNames(providers: readonly LLM[]): string[] {
  const seen = new Map<string, number>();
  return providers.map((llm) => {
    const count = (seen.get(llm.provider) ?? 0) + 1;
    seen.set(llm.provider, count);
    return count === 1 ? llm.provider : `${llm.provider}#${count}`;
  });
}

/** A member's stream, with a thrown error turned into an error part: the contract says streams never throw, but a third-party LLM might. */
async function* partsOf(
  member: Member,
  request: LlmRequest,
  options: CallOptions,
): AsyncGenerator<LlmStreamPart> {
  try {
    yield* member.llm.stream(requestFor(member.llm.provider, request), options);
  } catch (error) {
    yield {
      type: 'error',
      error: VendorError.isInstance(error)
        ? error
        : new VendorError({
            kind: 'unavailable',
            vendor: member.name,
            message: `${member.name}: the stream threw instead of ending with an error part`,
            cause: error,
          }),
    };
  }
}

/**
 * One LLM over an ordered list of providers. A retryable failure before the
 * first token moves the request on (after up to `maxRetries` retries of the
 * same provider); once a token has been delivered, a failure is surfaced as the
 * stream's error part and never restarted elsewhere. Each provider has a circuit
 * breaker; every switch, retry and breaker change is reported through onEvent.
 */
export function createFallbackLlm(providers: readonly LLM[], options: LlmFallbackOptions = {}): FallbackLlm {
  const first = providers[0];
  if (!first) throw new Error('createFallbackLlm needs at least one provider');
  const emit = options.onEvent ?? (() => {});
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = Math.max(0, options.maxRetries ?? 1);
  const baseDelayMs = options.retryBaseDelayMs ?? 200;
  const maxDelayMs = options.maxRetryDelayMs ?? 2000;
  const names = memberNames(providers);
  const members: Member[] = providers.map((llm, index) => {
    const name = names[index] ?? llm.provider;
    return {
      name,
      llm,
      breaker: new CircuitBreaker(options.breaker, (change) =>
        emit({ type: 'circuit', capability: 'llm', provider: name, ...change }),
      ),
    };
  });
  const provider = `fallback(${names.join(',')})`;
  const capabilities: LlmCapabilities = {
    streaming: providers.every((llm) => llm.capabilities.streaming),
    structuredOutput: providers.every((llm) => llm.capabilities.structuredOutput),
  };

  /**
   * Books a failure before the first token, then decides: true after waiting
   * out the retry delay (retry this provider), false to move on. Throws
   * `cancelled` when the caller aborts during the wait.
   */
  const retryHere = async (
    member: Member,
    error: VendorError,
    retriesDone: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> => {
    member.breaker.recordFailure();
    if (retriesDone >= maxRetries || member.breaker.state !== 'closed') return false;
    const delayMs = error.retryAfterMs ?? baseDelayMs * 2 ** retriesDone;
    if (delayMs > maxDelayMs) return false;
    emit({
      type: 'retry',
      capability: 'llm',
      provider: member.name,
      attempt: retriesDone + 1,
      delayMs,
      reason: error.kind,
    });
    await sleep(delayMs, signal);
    const aborted = cancelled(signal);
    if (aborted) throw aborted;
    return member.breaker.tryAcquire();
  };

  /** Settle the breaker for a failure that is not moved on (non-retryable, or after the first token). */
  const settleSurfaced = (member: Member, error: unknown) => {
    if (VendorError.isInstance(error) && error.retryable) member.breaker.recordFailure();
    // The vendor answered; the answer was refused or off-schema. Healthy, as far as the circuit cares.
    else if (
      InvalidOutputError.isInstance(error) ||
      (VendorError.isInstance(error) && error.kind === 'content_filter')
    )
      member.breaker.recordSuccess();
    else member.breaker.release();
  };

  const cancelled = (signal: AbortSignal | undefined) =>
    signal?.aborted
      ? new VendorError({
          kind: 'cancelled',
          vendor: provider,
          message: `${provider}: cancelled by the caller`,
        })
      : undefined;

  const allOpen = () =>
    new VendorError({
      kind: 'unavailable',
      vendor: provider,
      message: `${provider}: every provider's circuit is open`,
    });

  /**
   * Walks the members in order, skipping open circuits; yields the members worth
   * trying and reports each move (the caller passes back why it moved on).
   */
  function* order(): Generator<Member, void, VendorErrorKind | undefined> {
    let previous: { name: string; reason: LlmFallbackEvent['reason'] } | undefined;
    for (const member of members) {
      const open = !member.breaker.tryAcquire();
      if (previous) {
        emit({
          type: 'fallback',
          capability: 'llm',
          provider: previous.name,
          from: previous.name,
          to: member.name,
          reason: previous.reason,
        });
      }
      if (open) {
        previous = { name: member.name, reason: 'circuit_open' };
        continue;
      }
      const reason = yield member;
      previous = { name: member.name, reason: reason ?? 'unavailable' };
    }
  }

  async function complete<T = undefined>(
    request: LlmRequest<T>,
    callOptions: CallOptions = {},
  ): Promise<LlmResult<T>> {
    let lastError: VendorError | undefined;
    const walk = order();
    for (let step = walk.next(); !step.done; step = walk.next(lastError?.kind)) {
      const member = step.value;
      for (let retriesDone = 0; ; retriesDone++) {
        try {
          // A model named for one vendor (FEEDBACK_MODEL) must not reach another one's API.
          const result = await member.llm.complete(requestFor(member.llm.provider, request), callOptions);
          member.breaker.recordSuccess();
          return result;
        } catch (error) {
          const aborted = cancelled(callOptions.signal);
          if (aborted || !VendorError.isInstance(error) || !error.retryable) {
            settleSurfaced(member, aborted ?? error);
            throw VendorError.isInstance(error) && error.retryable ? aborted : error;
          }
          lastError = error;
          if (!(await retryHere(member, error, retriesDone, callOptions.signal))) break;
        }
      }
    }
    throw lastError ?? allOpen();
  }

  async function* stream(request: LlmRequest, callOptions: CallOptions = {}): AsyncGenerator<LlmStreamPart> {
    let lastError: VendorError | undefined;
    const walk = order();
    for (let step = walk.next(); !step.done; step = walk.next(lastError?.kind)) {
      const member = step.value;
      for (let retriesDone = 0; ; retriesDone++) {
        let sawText = false;
        let failedEarly: VendorError | undefined;
        let settled = false;
        try {
          for await (const part of partsOf(member, request, callOptions)) {
            if (part.type === 'text-delta') {
              sawText = true;
              yield part;
              continue;
            }
            if (part.type === 'finish') {
              settled = true;
              member.breaker.recordSuccess();
              yield part;
              return;
            }
            // An error part. Before the first token, a retryable one moves the request on.
            if (!sawText && part.error.retryable && !callOptions.signal?.aborted) {
              failedEarly = part.error;
              break;
            }
            settled = true;
            settleSurfaced(member, part.error);
            yield part;
            return;
          }
        } finally {
          // The consumer stopped early (break/return): the probe, if any, says nothing about health.
          if (!settled && !failedEarly) member.breaker.release();
        }
        if (!failedEarly) {
          // The member ended without finish or error: a broken stream contract.
          const error = new VendorError({
            kind: 'unavailable',
            vendor: member.name,
            message: `${member.name}: the stream ended without a finish part`,
          });
          settleSurfaced(member, error);
          yield { type: 'error', error };
          return;
        }
        lastError = failedEarly;
        let again: boolean;
        try {
          again = await retryHere(member, failedEarly, retriesDone, callOptions.signal);
        } catch (error) {
          yield { type: 'error', error: error as VendorError };
          return;
        }
        if (!again) break;
      }
    }
    yield { type: 'error', error: lastError ?? allOpen() };
  }

  return {
    specificationVersion: 'v1',
    provider,
    modelId: first.modelId,
    capabilities,
    complete,
    stream,
    circuitStates: () => Object.fromEntries(members.map((member) => [member.name, member.breaker.state])),
  };
}
