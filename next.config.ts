import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only libraries with WASM/native-ish parts or dynamic requires stay outside the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', '@platformatic/kafka'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build must not reach the network; telemetry is disabled via NEXT_TELEMETRY_DISABLED in scripts/start.ts.
  devIndicators: false,
  // Its own tsconfig: the build checks only the console (app/, server/), and Next's automatic edits land there,
  // not in the shared tsconfig.json.
  typescript: { tsconfigPath: 'tsconfig.console.json' },
};

export default nextConfig;
