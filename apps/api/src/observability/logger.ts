import { stripUrlCredentials } from '@bot-backend/config';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  name?: string | undefined;
  /** Default stdout; tests pass a stream to read the lines. */
  destination?: DestinationStream | undefined;
}

/**
 * JSON lines; secrets and personal data are never in messages (see DESIGN.md).
 * Every line loses the `user:password@` of any URL in it as it is written,
 * wherever the URL came from (a setting, an error message, a vendor event).
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.name ?? 'api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.secret'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: stripUrlCredentials },
    },
    options.destination,
  );
}
