/** One rejected request: the status and the body the vendor sends. */
export interface WireError {
  status: number;
  body: { error: Record<string, unknown> };
}

export type Vendor = 'openai' | 'groq';

/**
 * OpenAI's error body: `{error: {message, type, param, code}}`, every field present
 * (openai SDK core/error.ts reads `error.{message,type,param,code}`).
 * Groq's is the same minus `param` when there is none (groq-sdk core/error.ts;
 * console.groq.com/docs/errors shows `{"error": {"message", "type", "code"}}`).
 */
export function wireError(
  vendor: Vendor,
  status: number,
  message: string,
  fields: { type?: string; param?: string | null; code?: string | null } = {},
): WireError {
  const type = fields.type ?? 'invalid_request_error';
  const param = fields.param ?? null;
  const code = fields.code ?? null;
  if (vendor === 'groq') {
    return {
      status,
      body: {
        error: { message, type, ...(param !== null ? { param } : {}), ...(code !== null ? { code } : {}) },
      },
    };
  }
  return { status, body: { error: { message, type, param, code } } };
}

/** A 400 invalid_request_error naming the parameter. */
export const badParam = (vendor: Vendor, param: string, message: string, code: string | null = null) =>
  wireError(vendor, 400, message, { param, code });

/** 404 model_not_found, with the vendor's own sentence (both say it the same way). */
export const modelNotFound = (vendor: Vendor, model: string) =>
  wireError(vendor, 404, `The model \`${model}\` does not exist or you do not have access to it.`, {
    code: 'model_not_found',
  });
