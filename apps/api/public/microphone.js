// The microphone: getUserMedia → AudioWorklet (pcm-capture) → 16 kHz PCM16 frames,
// with a small energy-based speech detector for local barge-in.

export const MIC_SAMPLE_RATE = 16000;

/** Why the microphone could not start, in words a candidate can act on. */
export function describeMicrophoneError(error) {
  const name = error?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Microphone access was blocked. Allow it in your browser’s site settings, or type your answers instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No microphone was found. Connect one, or type your answers instead.';
  if (name === 'NotReadableError')
    return 'The microphone is in use by another application. Close it there, or type your answers instead.';
  if (!navigator.mediaDevices || !window.AudioWorkletNode)
    return 'This browser cannot capture audio here (it needs HTTPS or localhost). Type your answers instead.';
  return 'The microphone could not start. Type your answers instead.';
}

export class Microphone {
  /**
   * @param {object} handlers
   * @param {(pcm: ArrayBuffer) => void} handlers.onFrame  20 ms of PCM16 at 16 kHz
   * @param {(level: number) => void} [handlers.onLevel]
   * @param {() => void} [handlers.onSpeechStart]  sustained speech detected
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.context = undefined;
    this.stream = undefined;
    this.node = undefined;
    this.muted = false;
    this.loudFrames = 0;
    this.quietFrames = 0;
    this.speaking = false;
    /** Frames above the threshold in a row before it counts as speech (10 × 20 ms). */
    this.speechFrames = 10;
    this.threshold = 0.02;
    this.framesSent = 0;
  }

  get active() {
    return this.stream !== undefined;
  }

  async start() {
    if (!navigator.mediaDevices?.getUserMedia || !window.AudioWorkletNode) {
      const error = new Error('Audio capture unavailable');
      error.name = 'NotSupportedError';
      throw error;
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    try {
      this.context = new AudioContext();
      await this.context.audioWorklet.addModule('/client/pcm-capture-worklet.js');
      const source = this.context.createMediaStreamSource(this.stream);
      this.node = new AudioWorkletNode(this.context, 'pcm-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
      });
      this.node.port.onmessage = (event) => this.onFrame(event.data);
      source.connect(this.node);
      if (this.context.state === 'suspended') await this.context.resume();
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  onFrame({ pcm, level }) {
    this.handlers.onLevel?.(level);
    if (level > this.threshold) {
      this.loudFrames++;
      this.quietFrames = 0;
      if (!this.speaking && this.loudFrames >= this.speechFrames) {
        this.speaking = true;
        this.handlers.onSpeechStart?.();
      }
    } else {
      this.quietFrames++;
      if (this.quietFrames > 25) {
        this.loudFrames = 0;
        this.speaking = false;
      }
    }
    if (this.muted) return;
    this.framesSent++;
    this.handlers.onFrame(pcm);
  }

  stop() {
    this.node?.port.close();
    this.node?.disconnect();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    void this.context?.close().catch(() => {});
    this.node = undefined;
    this.stream = undefined;
    this.context = undefined;
    this.speaking = false;
    this.loudFrames = 0;
  }
}
