/**
 * ws-floor.ts's server: `node --import tsx src/ws-floor-server.ts [repliesPerFrame]`. A bare `ws`
 * server (the library apps/api serves /ws/voice with) that counts binary messages and, for every
 * `1 / repliesPerFrame` of them, sends a 1,920-byte message back (40 ms of 24 kHz audio: what a
 * session writes, to its client and its STT). Prints its port; on
 * `mark` (stdin) starts counting; on SIGTERM prints one JSON line (messages and CPU since the mark)
 * and exits.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const repliesPerFrame = Number(process.argv[2] ?? 0);
const reply = new Uint8Array(1920);
let messages = 0;
let replies = 0;
let cpuAtMark: NodeJS.CpuUsage | undefined;
server.on('connection', (socket) => {
  let owed = 0;
  socket.on('message', () => {
    messages += 1;
    owed += repliesPerFrame;
    if (owed >= 1) {
      owed -= 1;
      replies += 1;
      socket.send(reply);
    }
  });
});
server.on('listening', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
process.stdin.on('data', () => {
  messages = 0;
  replies = 0;
  cpuAtMark = process.cpuUsage();
});
process.once('SIGTERM', () => {
  const cpu = process.cpuUsage(cpuAtMark);
  process.stdout.write(
    `${JSON.stringify({ messages, replies, cpuUs: cpu.user + cpu.system, systemUs: cpu.system })}\n`,
  );
  process.exit(0);
});
