import type { InterviewSession, InterviewSessionOptions } from '@bot-backend/interview';
import type { SessionStore } from './session-store.js';

type CreateSession = (options: InterviewSessionOptions) => InterviewSession;

/**
 * Wraps the engine's factory so every interview it creates is registered in
 * the store when it starts and its summary kept when it ends, whichever
 * transport (the /ws/voice socket, a test) runs it.
 */
export function recordSessions(store: SessionStore, create: CreateSession): CreateSession {
  return (options) => {
    const session = create({
      ...options,
      onEvent: (event) => {
        if (event.type === 'summary') store.finish(event.summary);
        options.onEvent(event);
      },
    });
    store.register({
      sessionId: session.id,
      role: options.role,
      experienceLevel: options.experienceLevel,
      format: options.format,
    });
    return session;
  };
}
