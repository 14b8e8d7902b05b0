// "Previous page" goes where paging came from, and nowhere for a page opened from a link.
import { describe, expect, it } from 'vitest';
import { previousOf, rememberPrevious, type PageHistoryStorage } from './page-history.ts';

function memoryStorage(): PageHistoryStorage {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('page history', () => {
  it('remembers each page reached by paging and where it came from', () => {
    const storage = memoryStorage();
    const first = '/topics/orders/messages?limit=5';
    const second = '/topics/orders/messages?limit=5&cursor=0%3A15%2C1%3A17';
    const third = '/topics/orders/messages?limit=5&cursor=0%3A10%2C1%3A12';
    rememberPrevious(storage, second, first);
    rememberPrevious(storage, third, second);
    expect(previousOf(storage, third)).toBe(second);
    expect(previousOf(storage, second)).toBe(first);
    expect(previousOf(storage, first)).toBeNull();
  });

  it('has no previous page for a link opened fresh, and survives a storage that refuses', () => {
    expect(previousOf(memoryStorage(), '/topics/orders/messages?cursor=0%3A3')).toBeNull();
    const refusing: PageHistoryStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => rememberPrevious(refusing, 'a', 'b')).not.toThrow();
    expect(previousOf(refusing, 'a')).toBeNull();
  });
});
