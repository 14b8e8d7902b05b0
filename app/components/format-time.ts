// Times as people read them: "3 min ago" beside the exact ISO time (in the title, for copying).
export function formatAgo(timestampMs: number | null, nowMs: number = Date.now()): string {
  if (timestampMs === null) return '—';
  const seconds = Math.round((nowMs - timestampMs) / 1000);
  if (seconds < 0) return 'in the future';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

export function isoTime(timestampMs: number | null): string | undefined {
  return timestampMs === null ? undefined : new Date(timestampMs).toISOString();
}
