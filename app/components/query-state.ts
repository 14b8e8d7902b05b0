'use client';
// The address is the state of a view (filters, sort, page), so a view can be shared and reloaded. These hooks
// read and change it in one place.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

export type QueryChanges = Record<string, string | null>;

/** The query string and a function that changes some of its keys (null or '' removes a key). */
export function useQueryState(): { params: URLSearchParams; update: (changes: QueryChanges) => void } {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const update = useCallback(
    (changes: QueryChanges) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return { params, update };
}

/** A search box bound to the query key `q`: typing is debounced so each keystroke is not a request. */
export function useDebouncedSearch(search: string, update: (changes: QueryChanges) => void): [string, (text: string) => void] {
  const [searchText, setSearchText] = useState(search);
  useEffect(() => {
    if (searchText === search) return;
    const timer = setTimeout(() => update({ q: searchText, page: null }), 250);
    return () => clearTimeout(timer);
  }, [searchText, search, update]);
  return [searchText, setSearchText];
}
