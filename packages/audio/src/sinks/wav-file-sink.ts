import { type FileHandle, open } from 'node:fs/promises';
import type { AudioFrame } from '@bot-backend/interfaces';
import { int16ToBytesLE } from '../pcm.js';
import { WAV_HEADER_BYTES, wavHeader } from '../wav.js';
import { QueuedAudioSink, type QueuedAudioSinkOptions } from './queued-audio-sink.js';

export interface WavFileSinkOptions extends QueuedAudioSinkOptions {
  path: string;
  /** Every frame must be at this rate (a WAV file has one). */
  sampleRate: number;
}

/**
 * Records audio to a mono PCM16 WAV file. The header is written first with a
 * zero length and patched with the real sizes on close(), so the file is
 * valid once closed (and readable by lenient players before).
 */
export class WavFileSink extends QueuedAudioSink {
  readonly path: string;
  readonly sampleRate: number;
  private file: Promise<FileHandle> | undefined;
  private dataBytes = 0;

  constructor(options: WavFileSinkOptions) {
    super(options);
    this.path = options.path;
    this.sampleRate = options.sampleRate;
  }

  protected override validate(frame: AudioFrame): void {
    if (frame.sampleRate !== this.sampleRate) {
      throw new RangeError(`WavFileSink records ${this.sampleRate} Hz, got a ${frame.sampleRate} Hz frame`);
    }
  }

  private handle(): Promise<FileHandle> {
    this.file ??= (async () => {
      const file = await open(this.path, 'w');
      await file.write(wavHeader({ dataBytes: 0, sampleRate: this.sampleRate }), 0, WAV_HEADER_BYTES, 0);
      return file;
    })();
    return this.file;
  }

  protected override async deliver(frame: AudioFrame): Promise<void> {
    const file = await this.handle();
    const bytes = int16ToBytesLE(frame.samples);
    await file.write(bytes, 0, bytes.length, WAV_HEADER_BYTES + this.dataBytes);
    this.dataBytes += bytes.length;
  }

  protected override async onClose(): Promise<void> {
    const file = await this.handle();
    try {
      await file.write(
        wavHeader({ dataBytes: this.dataBytes, sampleRate: this.sampleRate }),
        0,
        WAV_HEADER_BYTES,
        0,
      );
    } finally {
      await file.close();
    }
  }
}
