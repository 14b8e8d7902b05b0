// Splits a TCP byte stream into Kafka frames: int32 size, then that many bytes.
// Memory held per connection is what the peer actually sent (never a declared size allocated up front),
// and a declared size beyond the cap is refused before any of it is buffered. A frame inside one received
// chunk is a view of it; one spanning chunks is copied once, into a buffer from the pool when it is large.
import type { FrameBufferPool } from './frame-buffer-pool.ts';

/** Received chunks below this size are merged with their neighbours (see append). */
const SMALL_CHUNK_BYTES = 4096;

export type FrameResult = { frames: Buffer[]; error: null } | { frames: Buffer[]; error: string };

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private readonly maxFrameBytes: number;
  private readonly pool: FrameBufferPool | null;

  constructor(maxFrameBytes: number, pool: FrameBufferPool | null = null) {
    this.maxFrameBytes = maxFrameBytes;
    this.pool = pool;
  }

  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /** Adds received bytes; returns the complete frames, or an error once the stream is unusable. */
  push(chunk: Buffer): FrameResult {
    this.append(chunk);
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

  /**
   * Small chunks (a peer trickling bytes) are merged as they arrive, like a binary counter, so a frame sent a
   * byte at a time is held in buffers of about SMALL_CHUNK_BYTES, each byte copied a dozen times at most.
   */
  private append(chunk: Buffer): void {
    const chunks = this.chunks;
    chunks.push(chunk);
    while (chunks.length >= 2) {
      const last = chunks[chunks.length - 1];
      const previous = chunks[chunks.length - 2];
      if (previous.length >= SMALL_CHUNK_BYTES || last.length < previous.length) break;
      chunks.splice(chunks.length - 2, 2, Buffer.concat([previous, last]));
    }
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    const prefix = Buffer.alloc(4);
    let filled = 0;
    for (const chunk of this.chunks) {
      filled += chunk.copy(prefix, filled, 0, Math.min(chunk.length, 4 - filled));
      if (filled === 4) break;
    }
    return prefix.readInt32BE(0);
  }

  /** Removes the first `bytes` bytes (at most bufferedBytes); copies only when they span chunks. */
  private take(bytes: number): Buffer {
    const first = this.chunks[0];
    this.bufferedBytes -= bytes;
    if (first.length >= bytes) {
      if (first.length === bytes) this.chunks.shift();
      else this.chunks[0] = first.subarray(bytes);
      return first.subarray(0, bytes);
    }
    const target = this.pool?.acquire(bytes) ?? Buffer.allocUnsafe(bytes);
    let filled = 0;
    let used = 0;
    // Each iteration copies a whole chunk (used up) or the last part needed (its rest kept).
    while (filled < bytes) {
      const chunk = this.chunks[used];
      const copied = chunk.copy(target, filled, 0, Math.min(chunk.length, bytes - filled));
      filled += copied;
      if (copied === chunk.length) used++;
      else this.chunks[used] = chunk.subarray(copied);
    }
    this.chunks.splice(0, used);
    return target;
  }
}
