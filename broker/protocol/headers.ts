// Which header version frames a request or response: the flexible versions of an API use
// request header v2 / response header v1, except ApiVersions responses, which are always header v0 so a
// client can read them before it knows what the broker speaks.

import { apiMessages } from './generated/index.ts';

const API_VERSIONS_KEY = 18;
const CONTROLLED_SHUTDOWN_KEY = 7;

function isFlexible(apiKey: number, apiVersion: number): boolean {
  const flexibleMinVersion = apiMessages.get(apiKey)?.flexibleMinVersion ?? null;
  return flexibleMinVersion !== null && apiVersion >= flexibleMinVersion;
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === CONTROLLED_SHUTDOWN_KEY && apiVersion === 0) return 0;
  return isFlexible(apiKey, apiVersion) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === API_VERSIONS_KEY) return 0;
  return isFlexible(apiKey, apiVersion) ? 1 : 0;
}
