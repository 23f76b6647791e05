import type { Capability } from '@bot-backend/config';
import type { LlmChainEvent } from './llm-fallback.js';

/** Providers were chosen for a capability (in chain order). */
export interface ProvidersBuiltEvent {
  type: 'providers_built';
  capability: Capability;
  providers: readonly string[];
}

/**
 * Everything the factory and its wrappers (fallback chains, circuit breakers)
 * report. Apps log each event and count it in /metrics by `type`,
 * `capability` and `provider`, so no fallback happens unseen.
 */
export type ProviderEvent = ProvidersBuiltEvent | LlmChainEvent;

export type ProviderEventListener = (event: ProviderEvent) => void;
