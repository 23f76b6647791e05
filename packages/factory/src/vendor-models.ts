import type { LlmRequest } from '@bot-backend/interfaces';
// The catalogues alone, without the SDKs: a process that only checks settings (the cluster's primary) stays light.
import { GROQ_DEFAULT_CHAT_MODEL, isGroqModelId } from '@bot-backend/vendors-groq/models';
import { isOpenAIModelId, OPENAI_DEFAULT_CHAT_MODEL, openAIVoices } from '@bot-backend/vendors-openai/models';

/**
 * Which model ids each vendor's catalogue (openai-models.ts, groq-models.ts) knows.
 * A vendor without a catalogue here takes any id it is given.
 */
const catalogues: Readonly<Record<string, (id: string) => boolean>> = {
  openai: isOpenAIModelId,
  groq: isGroqModelId,
};

const defaultChatModels: Readonly<Record<string, string>> = {
  openai: OPENAI_DEFAULT_CHAT_MODEL,
  groq: GROQ_DEFAULT_CHAT_MODEL,
};

/**
 * The model a setting names, for one vendor; undefined (the vendor's default)
 * when it is another vendor's known model, e.g. gpt-4o-mini for Groq. An id no
 * catalogue knows is passed on: the vendor may serve models newer than ours.
 */
export function modelFor(vendor: string, requested: string | undefined): string | undefined {
  if (requested === undefined) return undefined;
  if (catalogues[vendor]?.(requested)) return requested;
  const another = Object.entries(catalogues).some(([name, knows]) => name !== vendor && knows(requested));
  return another ? undefined : requested;
}

/**
 * Voice ids differ in shape per vendor: OpenAI's are names from its list, Cartesia's
 * are UUIDs, Deepgram's are aura model names. A voice of another shape is another
 * vendor's: undefined, so this vendor uses its default.
 */
const voiceShapes: Readonly<Record<string, (voice: string) => boolean>> = {
  openai: (voice) => (openAIVoices as readonly string[]).includes(voice) || voice.startsWith('voice_'),
  cartesia: (voice) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(voice),
  deepgram: (voice) => voice.startsWith('aura'),
};

export function voiceFor(vendor: string, requested: string | undefined): string | undefined {
  if (requested === undefined) return undefined;
  const fits = voiceShapes[vendor];
  return fits === undefined || fits(requested) ? requested : undefined;
}

/** The chat model a vendor uses when a setting's model is not its own. */
export function defaultChatModel(vendor: string): string | undefined {
  return defaultChatModels[vendor];
}

/** A request as one member of an LLM chain should get it: another vendor's model id is left out. */
export function requestFor<T>(vendor: string, request: LlmRequest<T>): LlmRequest<T> {
  if (request.model === undefined || modelFor(vendor, request.model) !== undefined) return request;
  const { model: _other, ...rest } = request;
  return rest;
}
