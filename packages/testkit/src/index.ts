// One export line per module; append yours below.

export * from './assemblyai/index.js';
export * from './cartesia/index.js';
export * from './deepgram/index.js';
export * from './judge0/index.js';
export * from './livekit/index.js';
export * from './loopback/index.js';
export * from './openai/openai-fake.js';
export * from './openai/openai-fake-harness.js';
export * from './simli/index.js';
export * from './user-management/index.js';
export * from './vendor-fixtures.js';
