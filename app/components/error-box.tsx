// Shows a tRPC error as text, including "not supported by this cluster" and refusals.
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const code = (error as { data?: { code?: string } }).data?.code;
  const message = error instanceof Error ? error.message : String(error);
  const prefix = code === 'FORBIDDEN' ? 'Not allowed: ' : code === 'NOT_IMPLEMENTED' ? 'Not supported by this cluster: ' : '';
  return (
    <div className="error" role="alert">
      {prefix}
      {message}
    </div>
  );
}
