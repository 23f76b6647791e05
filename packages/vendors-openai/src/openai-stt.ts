import { OpenAICompatibleStt, type OpenAICompatibleSttConfig } from '@bot-backend/openai-compatible';

export type OpenAISttConfig = OpenAICompatibleSttConfig;

/** Whisper / gpt-4o transcription on OpenAI or a compatible server (the core's, under OpenAI's name). */
export class OpenAIStt extends OpenAICompatibleStt {}
