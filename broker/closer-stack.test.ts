import { describe, expect, it } from 'vitest';
import { CloserStack } from './closer-stack.ts';

describe('CloserStack', () => {
  it('closes last opened first, goes on past a failing closer and rethrows its error once', async () => {
    const lines: string[] = [];
    const closed: string[] = [];
    const stack = new CloserStack((line) => lines.push(line));
    stack.push('logs', () => void closed.push('logs'));
    stack.push('listener', () => {
      throw new Error('socket stuck');
    });
    stack.push('timer', async () => {
      closed.push('timer');
    });
    await expect(stack.closeAll()).rejects.toThrow('socket stuck');
    expect(closed).toEqual(['timer', 'logs']);
    expect(lines).toEqual(['closing listener failed: Error: socket stuck']);
    // Each closer runs once: a second unwinding has nothing left.
    await stack.closeAll();
    expect(closed).toEqual(['timer', 'logs']);
  });
});
