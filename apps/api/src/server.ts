import type { AddressInfo, Server } from 'node:net';
import { preloadCodeAnalysis, warmUpInterviewEngine } from '@bot-backend/interview';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import type { App } from './app.js';
import { WORKER_INDEX_ENV } from './cluster/cluster-messages.js';
import { CONNECTION_SHARES_ENV, ConnectionShares } from './cluster/connection-shares.js';
import { acceptOnListenCopies, type WorkerShare } from './cluster/listen-copies.js';
import type { AppDeps } from './deps.js';

export interface RunningServer {
  /** The port actually bound (PORT=0 picks a free one). */
  port: number;
  /** Stops accepting, lets in-flight requests finish up to SHUTDOWN_GRACE_MS, then cuts the rest. */
  shutdown(reason: string): Promise<void>;
}

/** Warms the interview engine, then listens: a worker takes no connection before it listens. */
export async function startServer(app: App, deps: AppDeps): Promise<RunningServer> {
  await warmUp(deps);
  return listen(app, deps);
}

// The first candidate's reply should not wait while the engine's code compiles.
async function warmUp({ logger }: AppDeps): Promise<void> {
  try {
    const warm = await warmUpInterviewEngine();
    logger.info({ warmUp: { ms: Math.round(warm.ms), answers: warm.answers } }, 'engine warmed up');
  } catch (error) {
    logger.warn({ err: error }, 'engine warm-up failed: the first answer compiles it');
  }
  // The code grader's TypeScript compiler (about half a second of one core, the loop blocked
  // throughout): loaded after the port opened, it held every request that came in meanwhile.
  const startedAt = performance.now();
  try {
    preloadCodeAnalysis();
    logger.debug({ preload: { ms: Math.round(performance.now() - startedAt) } }, 'code analysis loaded');
  } catch (error) {
    logger.warn({ err: error }, 'code analysis did not load: the first code answer loads it');
  }
}

function listen(app: App, deps: AppDeps): Promise<RunningServer> {
  const { settings, logger, lifecycle } = deps;
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: (request, env) => app.fetch(withOwnSignal(request, env), env),
      port: settings.PORT,
      hostname: settings.HOST,
    });
    server.once('error', reject);
    server.on('upgrade', app.handleUpgrade);
    // Interviews other workers send here come in as new connections.
    deps.voicePlacement?.receive(server as Server);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      logger.info({ port, host: settings.HOST }, 'listening');
      // In a cluster worker: more descriptors of the shared socket, so a burst of connections is taken in a few loop turns.
      const copies = acceptOnListenCopies(
        server as Server,
        (count) => logger.info({ acceptsPerTurn: count + 1 }, 'accepting on copies of the listening socket'),
        sharesOfThisWorker((change) => logger.debug({ accept: change }, 'connection share changed')),
      );
      let stopping: Promise<void> | undefined;
      resolve({
        port,
        shutdown(reason) {
          stopping ??= (async () => {
            logger.info({ reason, graceMs: settings.SHUTDOWN_GRACE_MS }, 'shutting down');
            const deadline = AbortSignal.timeout(settings.SHUTDOWN_GRACE_MS);
            const closed = Promise.all([
              new Promise<void>((done) => server.close(() => done())),
              copies.close(),
            ]).then(() => {});
            // Keep-alive sockets hold close() open: drop them now and as in-flight requests finish.
            const sweep = setInterval(() => closeIdle(server), 50);
            closeIdle(server);
            closed.finally(() => clearInterval(sweep));
            const failures = await lifecycle.shutdown(deadline);
            for (const { name, error } of failures)
              logger.error({ hook: name, err: error }, 'shutdown hook failed');
            const timedOut = new Promise<'timeout'>((done) =>
              deadline.addEventListener('abort', () => done('timeout'), { once: true }),
            );
            if ((await Promise.race([closed.then(() => 'closed' as const), timedOut])) === 'timeout') {
              logger.warn('grace period over: closing remaining connections');
              if ('closeAllConnections' in server) server.closeAllConnections();
              clearInterval(sweep);
              await closed;
            }
            logger.info('stopped');
          })();
          return stopping;
        },
      });
    });
  });
}

function closeIdle(server: ReturnType<typeof serve>): void {
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}

/**
 * node-server hands the app a light request and builds the whole web Request
 * (headers, body stream, abort controller) the first time anything asks for
 * more than its method, URL and headers; a route that calls a vendor asks for
 * `c.req.raw.signal`. This light request gets its own signal instead, made
 * when first asked for and aborted as node-server aborts its own: when the
 * client goes away before the answer is written. (The body is read by
 * bodyLimit.) The getter is on a prototype made once, put under the light
 * request's own: a property defined on each request cost about 1 µs and made
 * every later read of the request slower.
 */
function withOwnSignal(request: Request, env: HttpBindings | Http2Bindings): Request {
  (request as OwnSignalRequest)[ownEnv] = env;
  return Object.setPrototypeOf(request, ownSignalPrototype(Object.getPrototypeOf(request)));
}

const ownEnv = Symbol('node-server bindings');
const ownController = Symbol('own abort controller');
type OwnSignalRequest = Request & {
  [ownEnv]: HttpBindings | Http2Bindings;
  [ownController]?: AbortController;
};

const ownSignalPrototypes = new WeakMap<object, object>();
function ownSignalPrototype(light: object): object {
  let own = ownSignalPrototypes.get(light);
  if (!own) {
    own = Object.create(light, { signal: { configurable: true, get: ownSignal } }) as object;
    ownSignalPrototypes.set(light, own);
  }
  return own;
}

function ownSignal(this: OwnSignalRequest): AbortSignal {
  let controller = this[ownController];
  if (!controller) {
    const own = new AbortController();
    const { incoming, outgoing } = this[ownEnv];
    controller = own;
    this[ownController] = own;
    outgoing.once('close', () => {
      if (incoming.errored) own.abort(incoming.errored.toString());
      else if (!outgoing.writableFinished) own.abort('Client connection prematurely closed.');
    });
  }
  return controller.signal;
}

/** The cluster's table of open connections and this worker's slot in it, when the primary made one. */
function sharesOfThisWorker(onChange: WorkerShare['onChange']): WorkerShare | undefined {
  const slot = Number(process.env[WORKER_INDEX_ENV]);
  const table = ConnectionShares.open(process.env[CONNECTION_SHARES_ENV]);
  return table && Number.isInteger(slot) && slot >= 0 && slot < table.slots
    ? { table, slot, onChange }
    : undefined;
}
