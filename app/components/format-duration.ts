// A duration as people read it: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; null as an em dash.
export function formatDuration(durationMs: number | null): string {
  if (durationMs === null) return '—';
  const seconds = Math.floor(durationMs / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
