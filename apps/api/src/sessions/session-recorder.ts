import type { InterviewSession, InterviewSessionOptions, SessionEvent } from '@bot-backend/interview';
import type { Logger } from '../observability/logger.js';
import type { SessionStore } from './session-store.js';

type CreateSession = (options: InterviewSessionOptions) => InterviewSession;

/**
 * Wraps the engine's factory so every interview it creates is registered in
 * the store when it starts and its summary kept when it ends, whichever
 * transport (the /ws/voice socket, a test) runs it.
 *
 * A store may write asynchronously (PostgreSQL). While a write is under way the
 * session's events wait behind it, in order, and `end()` resolves after it: so
 * a client that has seen the `summary` event (or the `session` one) can ask any
 * replica for the report and find it stored.
 */
export function recordSessions(store: SessionStore, create: CreateSession, logger?: Logger): CreateSession {
  return (options) => {
    let holds = 0;
    const waiting: SessionEvent[] = [];
    const idleWaiters: (() => void)[] = [];
    const flush = () => {
      while (holds === 0 && waiting.length > 0) {
        const event = waiting.shift();
        if (event) options.onEvent(event);
      }
      if (holds === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    };
    const hold = (write: () => void | Promise<void>, what: string) => {
      let pending: void | Promise<void>;
      try {
        pending = write();
      } catch (error) {
        logger?.error({ err: error, store: what }, 'session store write failed; the report may be missing');
        return;
      }
      if (!(pending instanceof Promise)) return;
      holds += 1;
      pending
        .catch((error: unknown) =>
          logger?.error({ err: error, store: what }, 'session store write failed; the report may be missing'),
        )
        .finally(() => {
          holds -= 1;
          flush();
        });
    };
    const forward = (event: SessionEvent) => {
      if (holds > 0 || waiting.length > 0) waiting.push(event);
      else options.onEvent(event);
    };
    const idle = () =>
      holds === 0 && waiting.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve));

    const session = create({
      ...options,
      onEvent: (event) => {
        if (event.type === 'summary') hold(() => store.finish(event.summary), 'finish');
        forward(event);
      },
    });
    hold(
      () =>
        store.register({
          sessionId: session.id,
          role: options.role,
          experienceLevel: options.experienceLevel,
          format: options.format,
        }),
      'register',
    );
    return {
      get id() {
        return session.id;
      },
      start: () => session.start(),
      pushAudio: (frame) => session.pushAudio(frame),
      pushUtterance: (audio) => session.pushUtterance(audio),
      pushText: (text) => session.pushText(text),
      pushCode: (code, language) => session.pushCode(code, language),
      commit: () => session.commit(),
      interrupt: () => session.interrupt(),
      end: async (reason) => {
        const summary = await session.end(reason);
        await idle();
        return summary;
      },
      close: () => session.close(),
      openResources: () => session.openResources(),
      preemptiveReplies: () => session.preemptiveReplies(),
    };
  };
}
