import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exitOnSettingsError, loadSettingsOrExit, stripUrlCredentials } from '@bot-backend/config';
import { buildProviders, resolveSettings } from '@bot-backend/factory';
import pino from 'pino';
import { agentRequiredSettings } from './agent-settings.js';
import { describeProviders } from './describe-providers.js';
import { createRequestFunc, lookupAgentConfig } from './gating/join-requests.js';
import { agentDataDir, meetingJournalDir, meetingOutboxRoot } from './job/agent-paths.js';
import { AGENT_CONFIG_TIMEOUT_MS, OUTBOX_SWEEP_INTERVAL_MS } from './job/agent-timing.js';
import { backendFor } from './job/backend-for.js';
import { sampleMachineCpu } from './load/machine-cpu.js';
import { WorkerLoad } from './load/worker-load.js';
import { AgentMetrics } from './observability/agent-metrics.js';
import { sweepOpenJournals } from './transcript/journal-sweep.js';
import { sweepMeetingOutboxes } from './transcript/meeting-outbox.js';

const { values: flags } = parseArgs({
  options: {
    // Load settings and build providers, log them, and exit: a configuration check.
    check: { type: 'boolean', default: false },
    // The worker's health endpoint (LiveKit's default is 8081).
    'health-port': { type: 'string', default: '8081' },
    // Registration attempts before giving up (2 s, 4 s … 10 s apart).
    'max-retry': { type: 'string', default: '10' },
    // Job processes kept warm.
    'idle-processes': { type: 'string', default: '1' },
  },
  allowPositionals: true,
});

/** LiveKit's own production threshold: at this load the worker is marked full. */
const LOAD_THRESHOLD = 0.7;
/** The SDK asks for the load every 2.5 s; each answer samples the CPU over most of that. */
const LOAD_SAMPLE_MS = 2_000;

// Providers inferred from keys, models checked against each vendor's catalogue.
const settings = resolveSettings(loadSettingsOrExit({ require: agentRequiredSettings }));
// Every line loses the `user:password@` of any URL in it (an error quoting a base URL, say).
const logger = pino({
  level: settings.LOG_LEVEL,
  base: { service: 'agent' },
  hooks: { streamWrite: stripUrlCredentials },
});
for (const notice of settings.startupNotices)
  logger[notice.level]({ setting: notice.setting }, notice.message);
const providers = await exitOnSettingsError(() =>
  buildProviders(settings, { onEvent: (event) => logger.info({ event }, 'provider event') }),
);
const backend = backendFor(settings);
const dataDir = agentDataDir(settings.OUTBOX_DIR);
logger.info(
  {
    livekitHost: new URL(settings.LIVEKIT_URL).host,
    providers: describeProviders(providers),
    userManagement: backend ? new URL(backend.baseUrl).host : 'not configured',
    dataDir,
  },
  'agent configured',
);

if (!flags.check) await runWorker();

async function runWorker(): Promise<void> {
  // Loaded here, so `--check` does not pay for LiveKit's native modules.
  const { AgentServer, initializeLogger, ServerOptions } = await import('@livekit/agents');
  if (!backend) {
    logger.warn('BACKEND_API_URL or INTERNAL_SERVICE_JWT_SECRET is not set: no room will be joined');
  }
  if (!providers.stt) logger.warn('STT_PROVIDER is none: no room will be joined (nothing to listen with)');
  // LiveKit's own logs (worker, jobs) as JSON lines beside ours.
  initializeLogger({ pretty: false, level: settings.LOG_LEVEL === 'silent' ? 'fatal' : settings.LOG_LEVEL });
  const metrics = new AgentMetrics();
  const load = new WorkerLoad({
    cores: availableParallelism(),
    threshold: LOAD_THRESHOLD,
    sessionsPerCore: settings.AGENT_SESSIONS_PER_CORE,
    sampleCpu: () => sampleMachineCpu(LOAD_SAMPLE_MS),
  });
  const here = fileURLToPath(import.meta.url);
  const agentFile = fileURLToPath(
    new URL(`./job/agent-job${here.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
  );
  const server = new AgentServer(
    new ServerOptions({
      agent: agentFile,
      requestFunc: createRequestFunc({
        lookup: backend
          ? (meetingId) => lookupAgentConfig(backend, meetingId, { timeoutMs: AGENT_CONFIG_TIMEOUT_MS })
          : undefined,
        logger,
        metrics,
        sttConfigured: providers.stt !== undefined,
      }),
      wsURL: settings.LIVEKIT_URL,
      apiKey: settings.LIVEKIT_API_KEY,
      apiSecret: settings.LIVEKIT_API_SECRET,
      production: true,
      port: Number(flags['health-port']),
      host: settings.HOST,
      maxRetry: Number(flags['max-retry']),
      numIdleProcesses: Number(flags['idle-processes']),
      // The real load: machine CPU, and running jobs against the measured (or set) sessions per core.
      loadFunc: (worker) => load.measure(worker.activeJobs.length),
      loadThreshold: LOAD_THRESHOLD,
      logLevel: settings.LOG_LEVEL,
    }),
  );
  server.event.on('worker_registered', (workerId: string) => {
    logger.info(
      { workerId, livekitHost: new URL(settings.LIVEKIT_URL).host },
      'worker registered with LiveKit',
    );
  });

  // Meetings whose job died are finished here, and what ended jobs could not deliver is sent.
  const { RoomServiceClient } = await import('livekit-server-sdk');
  const rooms = new RoomServiceClient(
    settings.LIVEKIT_URL.replace(/^ws/, 'http'),
    settings.LIVEKIT_API_KEY,
    settings.LIVEKIT_API_SECRET,
  );
  const roomExists = async (name: string) => {
    try {
      return (await rooms.listRooms([name])).length > 0;
    } catch {
      return undefined;
    }
  };
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    if (!backend || sweeping) return;
    sweeping = sweepOpenJournals({
      journalDir: meetingJournalDir(dataDir),
      outboxRoot: meetingOutboxRoot(dataDir),
      backend,
      llm: providers.llm,
      roomExists,
    })
      .then((finished) => {
        for (const { meetingId, reason, handOff } of finished) {
          logger.info(
            { meetingId, reason, delivery: handOff.delivery, segments: handOff.segments },
            'finished a meeting left by a stopped job',
          );
        }
        return sweepMeetingOutboxes(meetingOutboxRoot(dataDir), backend, { budgetMs: 10_000 });
      })
      .then((result) => {
        if (result.drained + result.pending > 0) logger.info({ outboxes: result }, 'outbox sweep');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'outbox sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
  };
  sweep();
  const sweeper = setInterval(sweep, OUTBOX_SWEEP_INTERVAL_MS);
  sweeper.unref();

  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal, metrics: metrics.snapshot() }, 'stopping: letting running jobs finish');
    clearInterval(sweeper);
    // The SDK's drain can wait forever on a job process still starting; finals are already
    // journalled and results are in the outbox, so a bounded stop loses nothing.
    setTimeout(() => {
      logger.warn({ graceMs: settings.SHUTDOWN_GRACE_MS }, 'stop took longer than the grace period; exiting');
      process.exit(0);
    }, settings.SHUTDOWN_GRACE_MS).unref();
    try {
      await server.drain();
    } catch (error) {
      logger.warn({ err: error }, 'drain did not finish');
    }
    await server.close();
    await sweeping;
    await backend?.dispose();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  try {
    await server.run();
  } catch (error) {
    logger.fatal(
      { err: error instanceof Error ? { message: error.message } : String(error) },
      'could not register with the LiveKit server',
    );
    // Idle job processes may still be starting; do not wait on them to report the failure.
    await Promise.race([
      server.close().catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]);
    process.exit(1);
  }
}
