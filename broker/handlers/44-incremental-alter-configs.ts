// IncrementalAlterConfigs (44), v0-1: SET / DELETE / APPEND / SUBTRACT on a topic's dynamic configs
// (APPEND and SUBTRACT only for list configs, starting from the effective value), validated as Kafka
// validates (INVALID_CONFIG with its message), durable in the metadata log and applied live to the
// partition logs. validate_only checks without changing anything. BROKER resources are refused as for
// AlterConfigs (all settings of this broker are static).
// Not done: dynamic broker configs, BROKER_LOGGER, alter-config policies (POLICY_VIOLATION is never sent).

import { readIncrementalAlterConfigsRequest, type AlterConfigsResource, type IncrementalAlterConfigsRequest } from '../protocol/generated/incremental-alter-configs-request.ts';
import { writeIncrementalAlterConfigsResponse, type IncrementalAlterConfigsResponse } from '../protocol/generated/incremental-alter-configs-response.ts';
import { applyIncrementalOperations } from '../topics/alter-topic-configs.ts';
import { defineHandler } from './api-handler.ts';
import { changeConfigResources } from './config-resource-changes.ts';

export const incrementalAlterConfigsHandler = defineHandler<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>({
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  readRequest: readIncrementalAlterConfigsRequest,
  writeResponse: writeIncrementalAlterConfigsResponse,
  async handle(context, request) {
    const responses = await changeConfigResources<AlterConfigsResource>(context, request.resources, request.validateOnly, (topic, resource) =>
      applyIncrementalOperations(context.broker.topics.configsForChange(topic), resource.configs, context.broker.config.topicConfigDefaults),
    );
    return { throttleTimeMs: 0, responses };
  },
});
