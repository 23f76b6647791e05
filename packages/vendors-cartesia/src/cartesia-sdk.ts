import { createRequire } from 'node:module';
import type * as CartesiaSdk from '@cartesia/cartesia-js';
import type * as CartesiaTtsWs from '@cartesia/cartesia-js/resources/tts/ws';

// The SDK's ESM build finds `ws` through a bare require() that does not exist in
// ESM, so on Node 20 (no global WebSocket) its websocket throws. Its CommonJS
// build loads `ws` properly; take that one (and one copy of its classes).
const requireCjs = createRequire(import.meta.url);

export const cartesiaSdk = requireCjs('@cartesia/cartesia-js') as typeof CartesiaSdk;

/**
 * The websocket class itself (a public export path of the SDK). `client.tts.websocket()`
 * resolves only once connected, too late to bind the `error` listener the SDK needs
 * to avoid unhandled rejections when the handshake fails; constructing it lets us bind it first.
 */
export const cartesiaTtsWs = requireCjs('@cartesia/cartesia-js/resources/tts/ws.js') as typeof CartesiaTtsWs;

export type CartesiaClient = CartesiaSdk.Cartesia;
export type CartesiaTtsWebsocket = CartesiaTtsWs.TTSWS;
export type CartesiaTtsWebsocketContext = CartesiaTtsWs.TTSWSContext;
export type CartesiaGenerateParams = CartesiaSdk.Cartesia.TTS.TTSGenerateParams;
