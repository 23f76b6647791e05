import { defaultQuestionBank } from '@bot-backend/interview';
import { z } from 'zod';
import {
  createVoiceSessionRequestSchema,
  voiceSessionResponseSchema,
} from '../routes/voice-session-schemas.js';
import type { OpenApiOperation } from './openapi-document.js';

/** The voice session operation (routes/voice-sessions.ts); the socket itself is described in the README. */
export const voiceOperations: readonly OpenApiOperation[] = [
  {
    method: 'post',
    path: '/v1/voice/sessions',
    operationId: 'createVoiceSession',
    summary:
      'A short-lived, single-use ticket for /ws/voice, bound to this interview (required there when INBOUND_AUTH=jwt)',
    request: {
      name: 'VoiceSessionRequest',
      // Lazy: the bank's roles are read when a document is built, not at import.
      schema: z.lazy(() =>
        createVoiceSessionRequestSchema(
          defaultQuestionBank().roles.map((r) => r.id) as [string, ...string[]],
        ),
      ),
    },
    response: { name: 'VoiceSessionTicket', schema: voiceSessionResponseSchema },
    status: 201,
    errors: [400, 404, 413, 415, 422, 503],
    secured: true,
  },
];
