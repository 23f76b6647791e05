import type { Capability, Settings } from '@bot-backend/config';
import type { CapabilityTypes, ProviderTypes } from './capability-types.js';
import { createFallbackLlm } from './llm-fallback.js';
import type { ProviderEventListener } from './provider-events.js';

export interface ChainMember<T> {
  name: string;
  provider: T;
}

export interface ChainContext {
  capability: Capability;
  settings: Settings;
  onEvent: ProviderEventListener;
}

/**
 * Turns the ordered providers of a setting (`openai,groq`) into one provider.
 * Called for every named list, also a list of one, so it can add retries there too.
 */
export type ChainBuilder<T> = (members: readonly ChainMember<T>[], context: ChainContext) => T;

export type ChainBuilders<T extends ProviderTypes = CapabilityTypes> = {
  readonly [C in Capability]?: ChainBuilder<T[C]>;
};

/**
 * The fallback wrappers this build has, per capability. A capability without
 * one accepts a single provider only; naming two fails at start.
 */
export const defaultChains: ChainBuilders = {
  // Also wraps a single LLM, so the one retry policy (VENDOR_MAX_RETRIES) and
  // the circuit breaker apply whether one provider or several are named.
  llm: (members, { settings, onEvent }) =>
    createFallbackLlm(
      members.map((m) => m.provider),
      {
        maxRetries: settings.VENDOR_MAX_RETRIES,
        breaker: {
          failureThreshold: settings.CIRCUIT_BREAKER_FAILURES,
          cooldownMs: settings.CIRCUIT_BREAKER_COOLDOWN_MS,
        },
        onEvent,
      },
    ),
};
