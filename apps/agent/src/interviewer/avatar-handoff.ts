import type { Avatar, AvatarSession, CallOptions } from '@bot-backend/interfaces';
import { voice } from '@livekit/agents';
import { type Room, TrackKind } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import { AvatarAudioSink } from './avatar-audio-sink.js';

/** The identity and rate the avatar service joins with (Simli's LiveKit integration). */
export const AVATAR_IDENTITY = 'simli-avatar-agent';
export const AVATAR_SAMPLE_RATE = 16_000;

/** An avatar provider that can send its avatar into a LiveKit room itself (Simli does). */
interface LiveKitAvatar extends Avatar {
  startLiveKitAgent(
    options: { sessionToken: string; livekitUrl: string; livekitToken: string } & CallOptions,
  ): Promise<void>;
}

// Capability check on the object, not on a provider name.
function joinsLiveKit(avatar: Avatar): avatar is LiveKitAvatar {
  return typeof (avatar as Partial<LiveKitAvatar>).startLiveKitAgent === 'function';
}

export interface AvatarHandOff {
  session: AvatarSession;
  /** Where the interviewer's voice goes: to the avatar, which publishes audio and video. */
  sink: AvatarAudioSink;
}

/**
 * Starts an avatar for the room through the Avatar capability: a session,
 * then (for a provider with a LiveKit integration) the avatar joins as
 * `simli-avatar-agent`, publishing on behalf of this agent, and our voice is
 * streamed to it. Returns undefined when the provider cannot join a room; the
 * caller then publishes the voice as a plain audio track.
 */
export async function startRoomAvatar(options: {
  avatar: Avatar;
  room: Room;
  roomName: string;
  /** This agent's identity in the room: the avatar publishes on its behalf. */
  agentIdentity: string;
  livekit: { url: string; apiKey: string; apiSecret: string };
  logger: Logger;
  signal?: AbortSignal;
}): Promise<AvatarHandOff | undefined> {
  const { avatar, room, logger } = options;
  const session = await avatar.createSession({ maxSessionLengthSec: 3_600, signal: options.signal });
  logger.info(
    { avatar: { provider: session.provider, faceId: session.faceId, expiresAt: session.expiresAt } },
    'avatar session created',
  );
  if (!joinsLiveKit(avatar)) {
    logger.warn({ provider: avatar.provider }, 'this avatar provider cannot join a LiveKit room; voice only');
    return undefined;
  }
  const token = new AccessToken(options.livekit.apiKey, options.livekit.apiSecret, {
    identity: AVATAR_IDENTITY,
    name: 'Interviewer',
    attributes: { 'lk.publish_on_behalf': options.agentIdentity },
    ttl: '2h',
  });
  token.kind = 'agent';
  token.addGrant({ roomJoin: true, room: options.roomName, canPublish: true, canSubscribe: true });
  await avatar.startLiveKitAgent({
    sessionToken: session.sessionToken,
    livekitUrl: options.livekit.url,
    livekitToken: await token.toJwt(),
    signal: options.signal,
  });
  const output = new voice.DataStreamAudioOutput({
    room,
    destinationIdentity: AVATAR_IDENTITY,
    sampleRate: AVATAR_SAMPLE_RATE,
    waitRemoteTrack: TrackKind.KIND_VIDEO,
  });
  return { session, sink: new AvatarAudioSink(output, AVATAR_SAMPLE_RATE) };
}
