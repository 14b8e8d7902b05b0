// AlterConfigs (33), v0-2: replaces ALL dynamic configs of a topic with the request's set (the legacy,
// non-incremental API), validated as Kafka validates (INVALID_CONFIG with its message), durable in the
// metadata log and applied live to the partition logs. validate_only checks without changing anything.
// BROKER resources ("1" or "" for the cluster default): the request replaces all dynamic broker configs of
// that scope (the topic-config defaults log.retention.ms, message.max.bytes, ...; see broker-configs.ts);
// static settings are refused with INVALID_REQUEST ("Cannot update these configs dynamically"), as Kafka.
// GROUP resources (type 32): the request replaces all configs of the group (broker/topics/group-configs.ts).
// Not done: BROKER_LOGGER, alter-config policies (POLICY_VIOLATION is never sent).

import {
  readAlterConfigsRequest,
  type AlterConfigsRequest,
  type AlterConfigsResource,
} from '../protocol/generated/alter-configs-request.ts';
import { writeAlterConfigsResponse, type AlterConfigsResponse } from '../protocol/generated/alter-configs-response.ts';
import { replaceTopicConfigs } from '../topics/alter-topic-configs.ts';
import { replaceBrokerConfigs } from '../topics/broker-configs.ts';
import { replaceGroupConfigs } from '../topics/group-configs.ts';
import { defineHandler } from './api-handler.ts';
import { changeConfigResources } from './config-resource-changes.ts';

export const alterConfigsHandler = defineHandler<AlterConfigsRequest, AlterConfigsResponse>({
  apiKey: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  readRequest: readAlterConfigsRequest,
  writeResponse: writeAlterConfigsResponse,
  async handle(context, request) {
    const responses = await changeConfigResources<AlterConfigsResource>(context, request.resources, request.validateOnly, {
      topic: (_topic, resource) => replaceTopicConfigs(resource.configs),
      broker: (_current, resource, scope) => replaceBrokerConfigs(resource.configs, scope),
      group: (_current, resource) => replaceGroupConfigs(resource.configs),
    });
    return { throttleTimeMs: 0, responses };
  },
});
