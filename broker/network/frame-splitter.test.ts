import { describe, expect, it } from 'vitest';
import { FrameBufferPool, MIN_POOLED_FRAME_BYTES } from './frame-buffer-pool.ts';
import { FrameSplitter } from './frame-splitter.ts';

function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

function payload(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** Feeds `stream` to the splitter in chunks of the given sizes, cycling; returns every frame. */
function split(splitter: FrameSplitter, stream: Buffer, chunkSizes: number[]): Buffer[] {
  const frames: Buffer[] = [];
  for (let position = 0, i = 0; position < stream.length; i++) {
    const end = Math.min(stream.length, position + chunkSizes[i % chunkSizes.length]);
    const result = splitter.push(stream.subarray(position, end));
    if (result.error !== null) throw new Error(result.error);
    frames.push(...result.frames.map((f) => Buffer.from(f)));
    position = end;
  }
  return frames;
}

describe('FrameSplitter', () => {
  it('returns every frame intact whatever the chunking, size prefixes split across chunks included', () => {
    const payloads = [payload(10, 1), payload(MIN_POOLED_FRAME_BYTES + 5, 2), payload(3, 3), payload(300_000, 4), payload(0, 5)];
    const stream = Buffer.concat(payloads.map(frame));
    for (const chunkSizes of [[1], [3, 7], [65_536], [2, 100_000, 5], [stream.length]]) {
      const splitter = new FrameSplitter(1024 * 1024, new FrameBufferPool(4 * 1024 * 1024));
      expect(split(splitter, stream, chunkSizes)).toEqual(payloads);
      expect(splitter.pendingBytes).toBe(0);
    }
  });

  it('holds a frame trickled a byte at a time in few buffers', () => {
    const splitter = new FrameSplitter(4 * 1024 * 1024);
    const stream = frame(payload(2 * 1024 * 1024, 6));
    for (let position = 0; position < stream.length - 1; position++) splitter.push(stream.subarray(position, position + 1));
    // Merged into ~4 KiB buffers: about 500 for 2 MiB, not two million one-byte ones.
    expect((splitter as unknown as { chunks: Buffer[] }).chunks.length).toBeLessThan(1000);
    const last = splitter.push(stream.subarray(stream.length - 1));
    expect(last.frames).toEqual([stream.subarray(4)]);
  });

  it('refuses a declared size over the limit before buffering it', () => {
    const splitter = new FrameSplitter(1000);
    expect(splitter.push(Buffer.from('000003e9', 'hex')).error).toMatch(/exceeds the 1000-byte limit/);
  });
});

describe('FrameBufferPool', () => {
  it('hands a released buffer out again, and never one still in use', () => {
    const pool = new FrameBufferPool(8 * 1024 * 1024);
    const first = pool.acquire(1_000_000);
    const second = pool.acquire(1_000_000);
    expect(first.buffer).not.toBe(second.buffer);
    pool.release(first.subarray(4)); // a view of it, as the connection holds the frame without its size
    expect(pool.idleBytes).toBe(1024 * 1024);
    const third = pool.acquire(900_000);
    expect(third.buffer).toBe(first.buffer);
    expect(third.length).toBe(900_000);
    expect(pool.idleBytes).toBe(0);
    pool.release(third);
    pool.release(third); // twice: ignored
    expect(pool.idleBytes).toBe(1024 * 1024);
  });

  it('keeps at most its bound idle, and does not pool small frames', () => {
    const pool = new FrameBufferPool(2 * 1024 * 1024);
    const buffers = [pool.acquire(1_000_000), pool.acquire(1_000_000), pool.acquire(1_000_000)];
    for (const buffer of buffers) pool.release(buffer);
    expect(pool.idleBytes).toBe(2 * 1024 * 1024);
    const small = pool.acquire(100);
    pool.release(small);
    expect(pool.idleBytes).toBe(2 * 1024 * 1024);
    pool.release(Buffer.alloc(1_000_000)); // not from the pool: ignored
    expect(pool.idleBytes).toBe(2 * 1024 * 1024);
  });
});
