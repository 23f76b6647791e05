import type { ApiErrorDetail } from './api-error.js';

/** The one error shape every endpoint answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: readonly ApiErrorDetail[];
  };
}

export function errorBody(
  code: string,
  message: string,
  requestId: string,
  details?: readonly ApiErrorDetail[],
): ErrorBody {
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}
