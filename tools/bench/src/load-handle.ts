import { type ChildProcess, fork } from 'node:child_process';
import type { LoadReply, LoadRequest } from './load-protocol.js';
import { cpuProfileArgs } from './spawned-server.js';

export interface LoadHandle {
  child: ChildProcess;
  ask: (request: LoadRequest) => Promise<LoadReply>;
  /** Closes the fakes and lets the process exit. */
  close: () => Promise<void>;
}

/** The server's vendor settings: its LLM, STT and TTS are the load process's fakes. */
export function vendorEnv(fakes: Extract<LoadReply, { type: 'fakes' }>): Record<string, string> {
  return {
    LLM_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: fakes.openaiBaseURL,
    TTS_PROVIDER: 'cartesia',
    CARTESIA_API_KEY: fakes.cartesia.apiKey,
    CARTESIA_BASE_URL: fakes.cartesia.url,
    STT_PROVIDER: 'deepgram',
    DEEPGRAM_API_KEY: fakes.stt.apiKey,
    DEEPGRAM_BASE_URL: fakes.stt.url,
    VENDOR_MAX_RETRIES: '0',
  };
}

/** The load process: the vendor fakes and the candidates, off the measured event loop. */
export function startLoadProcess(): Promise<LoadHandle> {
  const child = fork(new URL('./load-process.ts', import.meta.url), {
    // BENCH_LOAD_PROFILE_DIR=dir: a CPU profile of the load process itself (what the measuring costs).
    execArgv: [
      '--conditions=@bot-backend/source',
      '--import',
      'tsx',
      ...cpuProfileArgs(process.env.BENCH_LOAD_PROFILE_DIR),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting: ((reply: LoadReply) => void) | undefined;
  child.on('message', (reply: LoadReply) => waiting?.(reply));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null)
      waiting?.({ type: 'failed', message: `load process exited with ${code}` });
  });
  const next = () => new Promise<LoadReply>((resolve) => (waiting = resolve));
  const ask = async (request: LoadRequest): Promise<LoadReply> => {
    const reply = next();
    child.send(request);
    const answer = await reply;
    if (answer.type === 'failed') throw new Error(`load process: ${answer.message}`);
    return answer;
  };
  const close = async () => {
    await ask({ type: 'close' }).catch(() => undefined);
    child.disconnect();
  };
  return next().then((ready) => {
    if (ready.type !== 'ready') throw new Error('load process did not start');
    return { child, ask, close };
  });
}
