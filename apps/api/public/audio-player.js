// Plays the interviewer: a Web Audio queue of PCM16 frames, scheduled back to back,
// that stops at once (stop()) on barge-in or a server `clear`.

export class AudioPlayer {
  constructor() {
    this.context = undefined;
    this.analyser = undefined;
    this.output = undefined;
    this.sources = new Set();
    this.nextTime = 0;
    this.sampleRate = 24000;
    this.turnId = undefined;
    /** Turns cut by barge-in: frames still in flight for them are dropped. */
    this.cutTurns = new Set();
    this.stats = {
      framesQueued: 0,
      samplesQueued: 0,
      framesPlayed: 0,
      clears: 0,
      peakLevel: 0,
      wholeClips: 0,
    };
    this.onPlayingChange = undefined;
    this.levelTimer = undefined;
  }

  /** Must run from a user gesture (the Start click), or the browser keeps audio suspended. */
  async unlock() {
    if (!this.context) {
      this.context = new AudioContext();
      this.output = this.context.createGain();
      this.analyser = this.context.createAnalyser();
      this.analyser.fftSize = 1024;
      this.output.connect(this.analyser);
      this.analyser.connect(this.context.destination);
    }
    if (this.context.state === 'suspended') await this.context.resume();
  }

  get playing() {
    return this.sources.size > 0;
  }

  begin(turnId, sampleRate) {
    this.turnId = turnId;
    this.sampleRate = sampleRate || 24000;
  }

  end(turnId) {
    if (turnId === this.turnId) this.turnId = undefined;
  }

  /** One binary frame: PCM16 little-endian mono at the turn's sample rate. */
  pushPcm16(buffer) {
    if (!this.context || (this.turnId !== undefined && this.cutTurns.has(this.turnId))) return;
    const samples = new Int16Array(buffer, 0, Math.floor(buffer.byteLength / 2));
    if (samples.length === 0) return;
    const audio = this.context.createBuffer(1, samples.length, this.sampleRate);
    const channel = audio.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 0x8000;
    this.schedule(audio);
    this.stats.framesQueued++;
    this.stats.samplesQueued += samples.length;
  }

  /** A whole reply as an encoded file (whole-utterance mode). */
  async pushEncoded(bytes) {
    if (!this.context) return;
    const audio = await this.context.decodeAudioData(bytes.buffer.slice(0));
    this.stats.wholeClips++;
    this.schedule(audio);
  }

  schedule(audio) {
    const source = this.context.createBufferSource();
    source.buffer = audio;
    source.connect(this.output);
    // A little slack on the first frame so jitter does not open gaps.
    const startAt = Math.max(this.context.currentTime + (this.sources.size === 0 ? 0.06 : 0), this.nextTime);
    source.start(startAt);
    this.nextTime = startAt + audio.duration;
    const wasPlaying = this.playing;
    this.sources.add(source);
    source.onended = () => {
      this.stats.framesPlayed++;
      this.sources.delete(source);
      if (!this.playing) this.changed(false);
    };
    if (!wasPlaying) this.changed(true);
  }

  /** Silence now: drop everything queued (barge-in). */
  stop(turnId = this.turnId) {
    if (turnId !== undefined) this.cutTurns.add(turnId);
    const hadAudio = this.playing;
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {}
      source.disconnect();
    }
    this.sources.clear();
    this.nextTime = 0;
    if (hadAudio) {
      this.stats.clears++;
      this.changed(false);
    }
  }

  /** Current output level (RMS of the analyser's window), 0 when silent. */
  level() {
    if (!this.analyser) return 0;
    const data = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (const value of data) sum += value * value;
    return Math.sqrt(sum / data.length);
  }

  changed(playing) {
    if (playing && this.levelTimer === undefined) {
      this.levelTimer = setInterval(() => {
        this.stats.peakLevel = Math.max(this.stats.peakLevel, this.level());
      }, 50);
    }
    if (!playing && this.levelTimer !== undefined) {
      clearInterval(this.levelTimer);
      this.levelTimer = undefined;
    }
    this.onPlayingChange?.(playing);
  }

  close() {
    this.stop();
    void this.context?.close().catch(() => {});
    this.context = undefined;
  }
}
