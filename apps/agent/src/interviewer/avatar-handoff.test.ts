import { parseSettings } from '@bot-backend/config';
import { buildProviders } from '@bot-backend/factory';
import { type SimliFake, startSimliFake } from '@bot-backend/testkit';
import { initializeLogger } from '@livekit/agents';
import { Room } from '@livekit/rtc-node';
import { TokenVerifier } from 'livekit-server-sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVATAR_IDENTITY, AVATAR_SAMPLE_RATE, startRoomAvatar } from './avatar-handoff.js';

let simli: SimliFake;
beforeAll(async () => {
  // LiveKit's avatar output logs through the logger a job process sets up.
  initializeLogger({ pretty: false, level: 'error' });
  simli = await startSimliFake();
});
afterAll(async () => {
  await simli.close();
});

const livekit = {
  url: 'wss://rooms.example.test',
  apiKey: 'APIkey1',
  apiSecret: 'livekit-secret-0123456789abcdef0123',
};

describe('startRoomAvatar with AVATAR_PROVIDER=simli (factory → vendors-simli → Simli fake)', () => {
  it('creates a session and sends the avatar into the room with a LiveKit token minted for it', async () => {
    const settings = parseSettings({
      AVATAR_PROVIDER: 'simli',
      SIMLI_API_KEY: simli.apiKey,
      SIMLI_BASE_URL: simli.url,
      SIMLI_FACE_ID: 'face-123',
    });
    const { avatar } = await buildProviders(settings);
    expect(avatar?.provider).toBe('simli');
    // A real rtc-node Room, not connected: the hand-off needs only its events.
    const room = new Room();
    const handOff = await startRoomAvatar({
      avatar: avatar!,
      room,
      roomName: 'meeting-iv-9',
      agentIdentity: 'agent-AJ_9',
      livekit,
      logger: pino({ level: 'silent' }),
    });
    expect(handOff?.session).toMatchObject({ provider: 'simli', faceId: 'face-123' });
    expect(handOff?.sink.sampleRate).toBe(AVATAR_SAMPLE_RATE);

    const [call] = simli.liveKitAgents();
    expect(call).toMatchObject({ session_token: handOff!.session.sessionToken, livekit_url: livekit.url });
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(
      String(call!.livekit_token),
    );
    expect(claims.sub).toBe(AVATAR_IDENTITY);
    expect(claims.kind).toBe('agent');
    expect(claims.video).toMatchObject({ roomJoin: true, room: 'meeting-iv-9', canPublish: true });
    expect(claims.attributes).toEqual({ 'lk.publish_on_behalf': 'agent-AJ_9' });
    await handOff!.sink.close();
  });
});
