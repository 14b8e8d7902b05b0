// Reusable buffers for large request frames (a producer's 1 MiB batches). A fresh 1 MiB buffer per request
// costs page faults and zeroing in the kernel and, as off-heap memory, drives V8 into full collections; a
// frame whose handler keeps nothing of it (Produce: the log has written the batch before it answers) gives
// its buffer back here instead. Bounded: buffers beyond maxRetainedBytes are left to the garbage collector.

/** Frames smaller than this are cheap to allocate and are not pooled. */
export const MIN_POOLED_FRAME_BYTES = 64 * 1024;

export class FrameBufferPool {
  private readonly maxRetainedBytes: number;
  /** Free buffers by capacity (powers of two). */
  private readonly free = new Map<number, Buffer[]>();
  /**
   * Buffers handed out, by their memory, so a release of any view of one finds it. Weak: a frame never given
   * back (a handler that keeps its bytes) is simply collected.
   */
  private readonly inUse = new WeakMap<ArrayBufferLike, Buffer>();
  private retainedBytes = 0;

  constructor(maxRetainedBytes: number) {
    this.maxRetainedBytes = maxRetainedBytes;
  }

  /** A buffer of exactly `size` bytes (contents undefined). */
  acquire(size: number): Buffer {
    if (size < MIN_POOLED_FRAME_BYTES) return Buffer.allocUnsafe(size);
    const capacity = 2 ** Math.ceil(Math.log2(size));
    let whole = this.free.get(capacity)?.pop();
    if (whole !== undefined) this.retainedBytes -= capacity;
    else whole = Buffer.allocUnsafeSlow(capacity);
    this.inUse.set(whole.buffer, whole);
    return whole.subarray(0, size);
  }

  /** Takes back the buffer `view` lies in, if it came from here; its bytes may be overwritten at once. */
  release(view: Buffer): void {
    const whole = this.inUse.get(view.buffer);
    if (whole === undefined) return;
    this.inUse.delete(view.buffer);
    if (this.retainedBytes + whole.byteLength > this.maxRetainedBytes) return;
    this.retainedBytes += whole.byteLength;
    const list = this.free.get(whole.byteLength);
    if (list === undefined) this.free.set(whole.byteLength, [whole]);
    else list.push(whole);
  }

  /** Bytes held by free buffers, waiting for reuse. */
  get idleBytes(): number {
    return this.retainedBytes;
  }
}
