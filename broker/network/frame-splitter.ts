// Splits a TCP byte stream into Kafka frames: int32 size, then that many bytes.
// Memory held per connection is what the peer actually sent (never a declared size allocated up front),
// and a declared size beyond the cap is refused before any of it is buffered.

export type FrameResult = { frames: Buffer[]; error: null } | { frames: Buffer[]; error: string };

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private readonly maxFrameBytes: number;

  constructor(maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes;
  }

  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /** Adds received bytes; returns the complete frames, or an error once the stream is unusable. */
  push(chunk: Buffer): FrameResult {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    const frames: Buffer[] = [];
    while (this.bufferedBytes >= 4) {
      const size = this.peekSize();
      if (size < 0) return { frames, error: `negative frame size ${size}` };
      if (size > this.maxFrameBytes) return { frames, error: `frame of ${size} bytes exceeds the ${this.maxFrameBytes}-byte limit` };
      if (this.bufferedBytes < 4 + size) break;
      frames.push(this.take(4 + size).subarray(4));
    }
    return { frames, error: null };
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    return this.take(4, true).readInt32BE(0);
  }

  /** Removes (or with peek, only reads) the first `bytes` bytes; copies only when a frame spans chunks. */
  private take(bytes: number, peek = false): Buffer {
    const first = this.chunks[0];
    if (first.length >= bytes) {
      if (!peek) {
        if (first.length === bytes) this.chunks.shift();
        else this.chunks[0] = first.subarray(bytes);
        this.bufferedBytes -= bytes;
      }
      return first.subarray(0, bytes);
    }
    const joined = Buffer.concat(this.chunks, this.bufferedBytes);
    const result = joined.subarray(0, bytes);
    this.chunks = joined.length > bytes ? [joined.subarray(bytes)] : [];
    if (!peek) this.bufferedBytes -= bytes;
    else this.chunks = [joined];
    return result;
  }
}
