import { WebSocketAudioSink } from '@bot-backend/audio';
import { describeAudioSinkConformance } from '../audio-sink-conformance.js';
import { openWsPair } from './test-ws-receiver.js';

describeAudioSinkConformance({
  name: 'WebSocketAudioSink (ws over loopback)',
  holdsBacklog: true,
  create: async () => {
    const pair = await openWsPair();
    // Paced 20x faster than real time so the suite stays quick; the lead keeps a backlog on the server.
    const sink = new WebSocketAudioSink({ socket: pair.server, leadMs: 200, realtimeFactor: 20 });
    return { sink, received: () => pair.frames, dispose: () => pair.close() };
  },
});
