import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// ws masks every frame a client sends and unmasks every frame a server receives (RFC 6455 §5.3):
// 50 microphone frames a second per session in, as many out to the STT. ws does it in native code
// when it can load `bufferutil` from where it is installed (ws/lib/buffer-util.js), else in a JS loop.
const wsEntry = createRequire(import.meta.url).resolve('ws');
// bufferutil ships prebuilt binaries for these; elsewhere ws keeps its JS loop (the install script is ignored).
const prebuilt = ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-ia32'];
const platform = `${process.platform}-${process.arch}`;

describe.skipIf(!prebuilt.includes(platform))(`ws's native masking (${platform})`, () => {
  it('is what ws loads, and unmasks a 20 ms frame as the XOR with the key', () => {
    const bufferUtil = createRequire(wsEntry)('bufferutil') as {
      unmask(buffer: Buffer, mask: Buffer): void;
    };
    const frame = Buffer.from(Array.from({ length: 640 }, (_, i) => (i * 37) & 0xff));
    const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    const expected = Buffer.from(frame.map((byte, i) => byte ^ (key[i & 3] as number)));
    bufferUtil.unmask(frame, key);
    expect(frame.equals(expected)).toBe(true);
  });
});

if (!prebuilt.includes(platform)) console.warn(`ws-native-masking: no bufferutil binary for ${platform}`);
