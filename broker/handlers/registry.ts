// Every API this broker serves. ApiVersions advertises exactly this list, so adding a handler here is
// all it takes to offer a new API.

import type { AnyApiHandler } from './api-handler.ts';
import { produceHandler } from './00-produce.ts';
import { fetchHandler } from './01-fetch.ts';
import { listOffsetsHandler } from './02-list-offsets.ts';
import { metadataHandler } from './03-metadata.ts';
import { findCoordinatorHandler } from './10-find-coordinator.ts';
import { createApiVersionsHandler, type ApiVersionRange } from './18-api-versions.ts';
import { createTopicsHandler } from './19-create-topics.ts';
import { deleteTopicsHandler } from './20-delete-topics.ts';
import { initProducerIdHandler } from './22-init-producer-id.ts';
import { createPartitionsHandler } from './37-create-partitions.ts';
import { describeClusterHandler } from './60-describe-cluster.ts';
import { describeConfigsHandler } from './32-describe-configs.ts';

export function createHandlerRegistry(): ReadonlyMap<number, AnyApiHandler> {
  const handlers = new Map<number, AnyApiHandler>();
  const advertised = (): ApiVersionRange[] =>
    [...handlers.values()]
      .map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  for (const handler of [
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    metadataHandler,
    findCoordinatorHandler,
    createApiVersionsHandler(advertised),
    createTopicsHandler,
    deleteTopicsHandler,
    initProducerIdHandler,
    describeConfigsHandler,
    createPartitionsHandler,
    describeClusterHandler,
  ]) {
    if (handlers.has(handler.apiKey)) throw new Error(`two handlers for API key ${handler.apiKey}`);
    handlers.set(handler.apiKey, handler);
  }
  return handlers;
}
