import { exitOnSettingsError, loadSettingsOrExit } from '@bot-backend/config';
import { buildProviders } from '@bot-backend/factory';
import pino from 'pino';
import { agentRequiredSettings } from './agent-settings.js';
import { describeProviders } from './describe-providers.js';

const settings = loadSettingsOrExit({ require: agentRequiredSettings });
const logger = pino({ level: settings.LOG_LEVEL, base: { service: 'agent' } });
const providers = exitOnSettingsError(() =>
  buildProviders(settings, { onEvent: (event) => logger.info({ event }, 'provider event') }),
);
logger.info(
  { livekitHost: new URL(settings.LIVEKIT_URL).host, providers: describeProviders(providers) },
  'agent configured',
);
