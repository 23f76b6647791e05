import { OpenAICompatibleStt, type OpenAICompatibleSttConfig } from '@bot-backend/openai-compatible';

export type GroqSttConfig = OpenAICompatibleSttConfig;

/** Whisper on Groq (`/openai/v1/audio/transcriptions`), the core's under Groq's name. */
export class GroqStt extends OpenAICompatibleStt {}
