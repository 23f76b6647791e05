import { concatFrames, encodeWavFrame } from '@bot-backend/audio';
import type { Providers } from '@bot-backend/factory';
import type { AudioFrame } from '@bot-backend/interfaces';

/** One turn of the prototype's design, stage by stage, ms from the end of speech. */
export interface BatchTurn {
  sttMs: number;
  llmMs: number;
  ttsMs: number;
  encodeMs: number;
  /** End of speech → the whole reply's audio ready to send. */
  firstAudioMs: number;
}

/**
 * The prototype's pipeline: after the end-of-speech silence, the whole answer is
 * transcribed, the whole reply generated, the whole reply synthesized and
 * encoded, then sent as one message. Same vendors, same profile as the
 * streamed turns.
 */
export async function runBatchTurn(
  providers: Providers,
  options: { answerAudio: AudioFrame; endpointingMs: number; sampleRate: number },
): Promise<BatchTurn> {
  const { stt, llm, tts } = providers;
  if (!stt || !llm || !tts) throw new Error('the batch pipeline needs STT, LLM and TTS providers');
  const speechEnd = performance.now();
  // The prototype's client sent the recording after the same end-of-speech silence.
  await new Promise((resolve) => setTimeout(resolve, options.endpointingMs));
  const sttStart = performance.now();
  const transcript = await stt.transcribe(options.answerAudio);
  const llmStart = performance.now();
  const reply = await llm.complete({
    messages: [
      {
        role: 'system',
        content: 'You are a technical interviewer. Acknowledge the answer, then ask the next question.',
      },
      { role: 'user', content: transcript.text },
    ],
    temperature: 0.4,
  });
  const ttsStart = performance.now();
  const frames: AudioFrame[] = [];
  for await (const part of tts.synthesize(reply.text, { sampleRate: options.sampleRate })) {
    if (part.type === 'audio') frames.push(part.frame);
    if (part.type === 'error') throw part.error;
  }
  const encodeStart = performance.now();
  const message = JSON.stringify({
    type: 'audio',
    audio: Buffer.from(encodeWavFrame(concatFrames(frames))).toString('base64'),
  });
  const end = performance.now();
  if (message.length < 100) throw new Error('the batch reply has no audio');
  return {
    sttMs: llmStart - sttStart + (sttStart - speechEnd),
    llmMs: ttsStart - llmStart,
    ttsMs: encodeStart - ttsStart,
    encodeMs: end - encodeStart,
    firstAudioMs: end - speechEnd,
  };
}
