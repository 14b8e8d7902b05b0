// Errors the cluster client throws. They live in kafka/ (not services/) so the client imports no service;
// server/api/trpc.ts maps them to tRPC codes beside the services' own errors.

/** The cluster answered with an error or could not be reached. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

/** The cluster does not implement the Kafka API this needs (e.g. DescribeLogDirs on an early broker). */
export class UnsupportedByClusterError extends ClusterError {
  override name = 'UnsupportedByClusterError';
}
