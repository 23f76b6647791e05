/** Keeps printed output up to a byte limit and remembers that the limit was hit. */
export class OutputBuffer {
  private readonly chunks: string[] = [];
  private bytes = 0;
  exceeded = false;

  constructor(private readonly limitBytes: number) {}

  append(text: string): void {
    if (this.exceeded) return;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.limitBytes) {
      this.chunks.push(
        Buffer.from(text)
          .subarray(0, this.limitBytes - this.bytes)
          .toString(),
      );
      this.bytes = this.limitBytes;
      this.exceeded = true;
      return;
    }
    this.chunks.push(text);
    this.bytes += size;
  }

  get text(): string {
    return this.chunks.join('');
  }
}
