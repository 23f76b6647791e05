import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';
import { z } from 'zod';

/**
 * The floor under a voice session's CPU: what receiving a client's 20 ms
 * audio frames costs a Node process before any of our code runs. A bare `ws`
 * server in a process of its own (ws-floor-server.ts) only counts messages
 * while N sockets each send a 640-byte frame (20 ms of 16 kHz PCM16, what the
 * page's capture worklet sends) every 20 ms, paced by one shared 5 ms pump as
 * the bench's candidates are. Its CPU per message (user and kernel) is paid
 * 50 times a second per session by any server that takes 20 ms frames over a
 * WebSocket on this machine. `--writes=25` has it also send that many
 * 1,920-byte messages a second per socket (about what a session writes, to its
 * client and its STT), to weigh writes against reads.
 *
 *   node --conditions=@bot-backend/source --import tsx src/ws-floor.ts [--sessions=100] [--seconds=10] [--writes=0]
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sessions = Number(arg('sessions') ?? 100);
const seconds = Number(arg('seconds') ?? 10);
const writesPerSecond = Number(arg('writes') ?? 0);
const FRAME_MS = 20;
const frame = new Uint8Array(640).fill(1);

const figures = z.object({
  messages: z.number(),
  replies: z.number(),
  cpuUs: z.number(),
  systemUs: z.number(),
});

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    new URL('./ws-floor-server.ts', import.meta.url).pathname,
    String(writesPerSecond / (1000 / FRAME_MS)),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let out = '';
child.stdout.on('data', (chunk: Buffer) => {
  out += chunk.toString('utf8');
});
// Its first line is its port (the listener above has appended each chunk by the time this one runs).
const port = await new Promise<number>((resolve, reject) => {
  const onData = () => {
    const end = out.indexOf('\n');
    if (end <= 0) return;
    child.stdout.off('data', onData);
    resolve(Number(out.slice(0, end)));
  };
  child.stdout.on('data', onData);
  child.once('exit', () => reject(new Error('the ws server exited before it listened')));
});

const sockets = await Promise.all(
  Array.from(
    { length: sessions },
    () =>
      new Promise<{ socket: WebSocket; startedAt: number; sent: number }>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}`);
        socket.once('open', () =>
          resolve({ socket, startedAt: performance.now() + Math.random() * FRAME_MS, sent: 0 }),
        );
        socket.once('error', reject);
      }),
  ),
);
const pump = setInterval(() => {
  const now = performance.now();
  for (const s of sockets) {
    const due = Math.floor((now - s.startedAt) / FRAME_MS);
    for (; s.sent < due; s.sent++) s.socket.send(frame);
  }
}, 5);
// Two seconds to settle (JIT, socket buffers), then the measured window.
await new Promise((resolve) => setTimeout(resolve, 2_000));
child.stdin.write('mark\n');
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const result = new Promise<string>((resolve) => child.once('exit', () => resolve(out)));
child.kill('SIGTERM');
const parsed = figures.parse(JSON.parse((await result).trim().split('\n').at(-1) ?? ''));
clearInterval(pump);
for (const s of sockets) s.socket.terminate();
const perFrameUs = parsed.cpuUs / Math.max(1, parsed.messages);
// CPU per session-second, as a share of one core: (µs per frame × frames a second) / 1e6 × 100.
const perSessionPercent = (perFrameUs * (1000 / FRAME_MS)) / 1e4;
console.log(
  `${sessions} sockets, ${seconds} s: ${parsed.messages} frames received, ${parsed.replies} messages sent; ` +
    `${perFrameUs.toFixed(1)} µs CPU per frame received (${((parsed.systemUs / Math.max(1, parsed.cpuUs)) * 100).toFixed(0)}% in the kernel), ` +
    `${perSessionPercent.toFixed(3)}% of a core per session`,
);
