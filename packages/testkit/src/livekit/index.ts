export {
  type LiveKitAgentFake,
  type LiveKitAgentFakeOptions,
  type LiveKitFakeWorker,
  type LiveKitJobOffer,
  startLiveKitAgentFake,
} from './livekit-agent-fake.js';
export { checkAgentToken, type LiveKitTokenCheck, type LiveKitTokenClaims } from './livekit-token.js';
