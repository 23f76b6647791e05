// AudioWorklet processor: microphone (Float32 at the context's rate) → 16 kHz PCM16
// frames of 20 ms, plus a level per frame for the page's speech detector.
// Runs on the audio thread; posts ArrayBuffers (transferred, not copied).

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 320; // 20 ms at 16 kHz

class PcmCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // sampleRate is a global of the worklet scope: the context's rate.
    this.step = sampleRate / TARGET_RATE;
    this.position = 0; // fractional read position into the incoming stream
    this.previous = 0; // last input sample of the previous block, for interpolation
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.sumSquares = 0;
    this.averaging = Math.max(1, Math.round(this.step));
    this.history = new Float32Array(this.averaging);
    this.historyIndex = 0;
    this.historySum = 0;
  }

  process(inputs) {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    // A moving average over one output period is a cheap low-pass before decimation.
    const smoothed = new Float32Array(channel.length);
    for (let i = 0; i < channel.length; i++) {
      this.historySum += channel[i] - this.history[this.historyIndex];
      this.history[this.historyIndex] = channel[i];
      this.historyIndex = (this.historyIndex + 1) % this.averaging;
      smoothed[i] = this.historySum / this.averaging;
    }
    while (this.position < smoothed.length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const a = index === 0 ? this.previous : smoothed[index - 1];
      const b = smoothed[index];
      const value = a + (b - a) * fraction;
      this.push(value);
      this.position += this.step;
    }
    this.position -= smoothed.length;
    this.previous = smoothed[smoothed.length - 1];
    return true;
  }

  push(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.sumSquares += clamped * clamped;
    this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
    if (this.filled === FRAME_SAMPLES) {
      const level = Math.sqrt(this.sumSquares / FRAME_SAMPLES);
      const buffer = this.frame.buffer;
      this.port.postMessage({ pcm: buffer, level }, [buffer]);
      this.frame = new Int16Array(FRAME_SAMPLES);
      this.filled = 0;
      this.sumSquares = 0;
    }
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
