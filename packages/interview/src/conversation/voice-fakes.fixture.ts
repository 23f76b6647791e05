import {
  type CartesiaFake,
  type DeepgramFake,
  type DeepgramFakeOptions,
  type OpenAiFake,
  startCartesiaFake,
  startDeepgramFake,
  startOpenAiFake,
} from '@bot-backend/testkit';
import { createCartesia } from '@bot-backend/vendors-cartesia';
import { createDeepgram } from '@bot-backend/vendors-deepgram';
import { createOpenAI } from '@bot-backend/vendors-openai';
import { afterAll, beforeAll } from 'vitest';

export interface VoiceFakes {
  deepgram: DeepgramFake;
  cartesia: CartesiaFake;
  openai: OpenAiFake;
  /** The real vendor packages (Deepgram STT, Cartesia TTS, OpenAI LLM), pointed at the fakes. */
  vendors(options?: { endpointingMs?: number }): {
    stt: ReturnType<ReturnType<typeof createDeepgram>['stt']>;
    tts: ReturnType<ReturnType<typeof createCartesia>['tts']>;
    llm: ReturnType<ReturnType<typeof createOpenAI>['llm']>;
  };
}

/** Starts the Deepgram, Cartesia and OpenAI loopback fakes for the test file, and closes them after it. */
export function voiceFakes(deepgramOptions: DeepgramFakeOptions = {}): VoiceFakes {
  const fakes = {} as VoiceFakes;
  beforeAll(async () => {
    [fakes.deepgram, fakes.cartesia, fakes.openai] = await Promise.all([
      startDeepgramFake(deepgramOptions),
      startCartesiaFake(),
      startOpenAiFake(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fakes.deepgram.close(), fakes.cartesia.close(), fakes.openai.close()]);
  });
  fakes.vendors = (options = {}) => ({
    stt: createDeepgram({ apiKey: fakes.deepgram.apiKey, baseUrl: fakes.deepgram.url, ...options }).stt(),
    tts: createCartesia({ apiKey: fakes.cartesia.apiKey, baseURL: fakes.cartesia.url }).tts(),
    llm: createOpenAI({ apiKey: 'sk-test', baseURL: fakes.openai.openaiBaseURL }).llm(),
  });
  return fakes;
}
