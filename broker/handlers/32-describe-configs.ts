// DescribeConfigs (32), v1-4 (Kafka 4 removed v0). TOPIC resources: every topic config with its effective value, source and
// synonyms (topic override > dynamic per-broker > dynamic cluster default > static broker > Kafka default).
// BROKER resources: "1" lists the broker's static settings (read-only) and its dynamic topic-config
// defaults; "" (the cluster default) lists only the dynamic cluster-wide defaults, as Kafka does.
// Kafka's other dynamic broker configs (SASL/Kerberos login, SSL, thread pools, ...) are listed too: set
// ones with their dynamic source, passwords as sensitive without a value. GROUP resources (type 32): every
// group config of any group id (set or not, as Kafka), the group's own value (GROUP_CONFIG) over the broker
// default; the empty id is refused. BROKER_LOGGER is not offered.
// Documentation strings are not carried (null), types are (v3+).

import { readDescribeConfigsRequest, type DescribeConfigsRequest } from '../protocol/generated/describe-configs-request.ts';
import {
  writeDescribeConfigsResponse,
  type DescribeConfigsResponse,
  type DescribeConfigsResult,
} from '../protocol/generated/describe-configs-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { ConfigSource, ConfigTypeCode, describeTopicConfigs, type DescribedConfig } from '../topics/describe-topic-configs.ts';
import { describeBrokerConfigs } from '../topics/describe-broker-configs.ts';
import { brokerConfigScope } from '../topics/broker-configs.ts';
import { checkGroupResourceName, describeGroupConfigs } from '../topics/group-configs.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';

const TOPIC = 2;
const BROKER = 4;
const GROUP = 32;

export const describeConfigsHandler = defineHandler<DescribeConfigsRequest, DescribeConfigsResponse>({
  apiKey: 32,
  name: 'DescribeConfigs',
  minVersion: 1,
  maxVersion: 4,
  readRequest: readDescribeConfigsRequest,
  writeResponse: writeDescribeConfigsResponse,
  handle({ broker }, request) {
    const results = request.resources.map((resource): DescribeConfigsResult => {
      const found = describeResource(broker, resource.resourceType, resource.resourceName);
      if ('errorCode' in found) {
        return {
          errorCode: found.errorCode,
          errorMessage: found.errorMessage,
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
          configs: [],
        };
      }
      const wanted =
        resource.configurationKeys === null || resource.configurationKeys === undefined ? null : new Set(resource.configurationKeys);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        configs: found.configs
          .filter((config) => wanted === null || wanted.has(config.name))
          .map((config) => ({
            name: config.name,
            value: config.value,
            readOnly: config.readOnly ?? resource.resourceType === BROKER,
            isDefault: config.source === ConfigSource.DEFAULT_CONFIG,
            configSource: config.source,
            isSensitive: config.sensitive === true,
            synonyms: request.includeSynonyms ? config.synonyms : [],
            configType: ConfigTypeCode[config.type],
            documentation: null,
          })),
      };
    });
    return { throttleTimeMs: 0, results };
  },
});

function describeResource(
  broker: BrokerState,
  resourceType: number,
  resourceName: string,
): { configs: DescribedConfig[] } | { errorCode: number; errorMessage: string } {
  if (resourceType === TOPIC) {
    const topic = broker.topics.get(resourceName);
    if (topic === undefined)
      return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic ${resourceName} does not exist` };
    return { configs: describeTopicConfigs(topic.configs, broker.config.topicConfigDefaults, broker.topics.brokerConfigs) };
  }
  if (resourceType === BROKER) {
    const scope = brokerConfigScope(resourceName, broker.config.nodeId);
    if (typeof scope !== 'string') return { errorCode: scope.errorCode, errorMessage: scope.message };
    return { configs: describeBrokerConfigs(broker.config, broker.advertisedPort, broker.topics.brokerConfigs, scope) };
  }
  if (resourceType === GROUP) {
    const badName = checkGroupResourceName(resourceName);
    if (badName !== null) return { errorCode: badName.errorCode, errorMessage: badName.message };
    return { configs: describeGroupConfigs(broker.topics.groupConfigs(resourceName)) };
  }
  return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type ${resourceType}` };
}
