/**
 * Variables an earlier service read that this one does not: a start with one
 * of them set stops and says what replaces it, instead of ignoring it quietly.
 * (Every other variable of the Python original is read here as it was there.)
 */
export const retiredSettings: Readonly<Record<string, string>> = {
  // The Python worker loaded `env.{ENV}`; both apps here read `.env` then `.env.local`.
  ENV: 'is not read here (it chose the Python worker’s env.{ENV} file); put settings in .env or .env.local, and the kind of environment in NODE_ENV (development | production | test)',
  VOICE_ALLOWED_ORIGINS:
    'is replaced by CORS_ORIGINS, one allow-list for REST callers and /ws/voice (same comma list of origins)',
};

/** Python's logging level names (any case), as the original accepted them, to ours. */
export const pythonLogLevels: Readonly<
  Record<string, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'>
> = {
  critical: 'fatal',
  fatal: 'fatal',
  error: 'error',
  warning: 'warn',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  // NOTSET on Python's root logger lets every record through.
  notset: 'trace',
  // logging.setLevel() also takes the numbers behind the names.
  '50': 'fatal',
  '40': 'error',
  '30': 'warn',
  '20': 'info',
  '10': 'debug',
  '0': 'trace',
};
