// IncrementalAlterConfigs (44), v0-1: SET / DELETE / APPEND / SUBTRACT on a topic's dynamic configs
// (APPEND and SUBTRACT only for list configs, starting from the effective value), validated as Kafka
// validates (INVALID_CONFIG with its message), durable in the metadata log and applied live to the
// partition logs. validate_only checks without changing anything. BROKER resources ("1" or "" for the
// cluster default) change the dynamic broker configs of that scope, as for AlterConfigs; GROUP resources
// (type 32) a group's configs (broker/topics/group-configs.ts; only SET and DELETE, none is a list).
// Not done: BROKER_LOGGER, alter-config policies (POLICY_VIOLATION is never sent).

import {
  readIncrementalAlterConfigsRequest,
  type AlterConfigsResource,
  type IncrementalAlterConfigsRequest,
} from '../protocol/generated/incremental-alter-configs-request.ts';
import {
  writeIncrementalAlterConfigsResponse,
  type IncrementalAlterConfigsResponse,
} from '../protocol/generated/incremental-alter-configs-response.ts';
import { applyIncrementalOperations } from '../topics/alter-topic-configs.ts';
import { applyBrokerIncrementalOperations } from '../topics/broker-configs.ts';
import { applyGroupIncrementalOperations } from '../topics/group-configs.ts';
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
    const { topics } = context.broker;
    const responses = await changeConfigResources<AlterConfigsResource>(context, request.resources, request.validateOnly, {
      topic: (topic, resource) =>
        applyIncrementalOperations(topics.configsForChange(topic), resource.configs, topics.topicConfigDefaults()),
      broker: (current, resource, scope) => applyBrokerIncrementalOperations(current, resource.configs, scope),
      group: (current, resource) => applyGroupIncrementalOperations(current, resource.configs),
    });
    return { throttleTimeMs: 0, responses };
  },
});
