import type { NextConfig } from 'next';

// Sent with every response. The pages are the console's own: no framing by other sites (clickjacking), no
// content sniffing, no referrer beyond our origin, scripts and connections only from our origin. Next's
// hydration uses inline scripts, hence 'unsafe-inline' for scripts (development also needs 'unsafe-eval').
const isDevelopment = process.env.NODE_ENV === 'development';
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDevelopment ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  `connect-src 'self'${isDevelopment ? ' ws: wss:' : ''}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

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
  headers: async () => [{ source: '/:path*', headers: securityHeaders }],
};

export default nextConfig;
