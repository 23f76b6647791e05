import { z } from '@hono/zod-openapi';
import type { ApiErrorDetail } from './api-error.js';
import { type ApiErrorCode, apiErrorCodes } from './error-codes.js';

/** The one error shape every endpoint answers with. */
export interface ErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    requestId: string;
    details?: readonly ApiErrorDetail[];
  };
}

export function errorBody(
  code: ApiErrorCode,
  message: string,
  requestId: string,
  details?: readonly ApiErrorDetail[],
): ErrorBody {
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}

/** ErrorBody as the OpenAPI document publishes it: `code` is one of `apiErrorCodes`. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(apiErrorCodes).describe('Stable and machine-readable; the message is for people'),
      message: z.string(),
      requestId: z.string().describe('The x-request-id of the request; quote it when reporting a problem'),
      details: z
        .array(
          z.object({
            path: z.string().describe('Dotted path into the input (question.minWords); empty for the whole'),
            message: z.string(),
          }),
        )
        .optional()
        .describe('One entry per problem field, for a 422 (and a field over its size, 413)'),
    }),
  })
  .openapi('ErrorBody') satisfies z.ZodType<ErrorBody>;
