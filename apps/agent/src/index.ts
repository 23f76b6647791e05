export { agentRequiredSettings } from './agent-settings.js';
export { describeProviders } from './describe-providers.js';
