// Runs `count` tasks with at most `concurrency` in flight: enough to keep the disk and libuv's thread pool
// busy when thousands of partitions are created or opened, without opening thousands of files at once.

export async function runBounded(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    // Each iteration takes a fresh index below `count`, so every worker ends; the first failure stops them all.
    while (next < count && failure === null) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
