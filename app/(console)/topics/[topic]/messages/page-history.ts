// Where "Previous page" goes. A page reached by paging remembers the address it was reached from (per tab,
// in sessionStorage), so going back is exact, and a shared link opened fresh has no previous page instead of
// one that leaves the console (the browser's history). Pure apart from the storage it is given.
export type PageHistoryStorage = Pick<Storage, 'getItem' | 'setItem'>;

const prefix = 'samsa.messages.previous:';

/** Records that `pageAddress` was reached by paging from `fromAddress`. */
export function rememberPrevious(storage: PageHistoryStorage, pageAddress: string, fromAddress: string): void {
  try {
    storage.setItem(prefix + pageAddress, fromAddress);
  } catch {
    // Storage full or refused (private mode): the page simply has no previous page.
  }
}

/** The address this page was reached from by paging, or null. */
export function previousOf(storage: PageHistoryStorage, pageAddress: string): string | null {
  try {
    return storage.getItem(prefix + pageAddress);
  } catch {
    return null;
  }
}
