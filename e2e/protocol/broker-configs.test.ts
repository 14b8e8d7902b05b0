// Dynamic broker configs and client-quota describe, observed with Apache Kafka's kafka-configs and kcat:
// cluster-wide (--entity-default) and per-broker (--entity-name 1) defaults of topic configs, their
// precedence in --describe output, their live effect on a topic without its own override, their survival
// across a restart, and `--describe --entity-type users` (DescribeClientQuotas + SCRAM users).
// Runs against a real Kafka too (SAMSA_INTEROP_TARGET=real-kafka), which validates the expectations.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { runKafkaTool, kafkaTools } from '../fixtures/kafka-cli.ts';
import { runKcat } from '../fixtures/kcat.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName } from '../fixtures/topic-admin.ts';

let broker: BrokerHandle;

beforeAll(async () => {
  broker = await startTargetBroker();
});
afterAll(async () => {
  await broker?.stop();
});

function kafkaConfigs(args: string[]) {
  return runKafkaTool(kafkaTools.configs, ['--bootstrap-server', broker.bootstrap, ...args]);
}

async function describeOutput(args: string[]): Promise<string> {
  return assertSucceeded(await kafkaConfigs(['--describe', ...args]), `kafka-configs --describe ${args.join(' ')}`).stdout;
}

async function alter(args: string[]): Promise<void> {
  assertSucceeded(await kafkaConfigs(['--alter', ...args]), `kafka-configs --alter ${args.join(' ')}`);
}

/** The line of `name=...` in kafka-configs output (its value and synonyms), or undefined. */
function configLine(output: string, name: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith(`${name}=`));
}

describe('dynamic broker configs through kafka-configs', () => {
  test('cluster-wide and per-broker defaults show with Kafka precedence and reach topics without overrides', async () => {
    const topic = uniqueTopicName('broker-defaults');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);

    await alter(['--entity-type', 'brokers', '--entity-default', '--add-config', 'log.retention.ms=7200000']);
    const clusterDefault = await describeOutput(['--entity-type', 'brokers', '--entity-default']);
    expect(configLine(clusterDefault, 'log.retention.ms')).toMatch(
      /^log\.retention\.ms=7200000 sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG:log\.retention\.ms=7200000/,
    );
    let topicConfigs = await describeOutput(['--entity-type', 'topics', '--entity-name', topic, '--all']);
    expect(configLine(topicConfigs, 'retention.ms')).toMatch(
      /^retention\.ms=7200000 sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG:log\.retention\.ms=7200000/,
    );

    await alter([
      '--entity-type',
      'brokers',
      '--entity-name',
      '1',
      '--add-config',
      'log.retention.ms=3600000,log.cleaner.delete.retention.ms=1000',
    ]);
    const perBroker = await describeOutput(['--entity-type', 'brokers', '--entity-name', '1']);
    expect(configLine(perBroker, 'log.retention.ms')).toMatch(
      /^log\.retention\.ms=3600000 sensitive=false synonyms=\{DYNAMIC_BROKER_CONFIG:log\.retention\.ms=3600000, DYNAMIC_DEFAULT_BROKER_CONFIG:log\.retention\.ms=7200000/,
    );
    expect(configLine(perBroker, 'log.cleaner.delete.retention.ms')).toMatch(/^log\.cleaner\.delete\.retention\.ms=1000 /);
    // Without --all only this broker's dynamic configs are listed.
    expect(configLine(perBroker, 'num.partitions')).toBeUndefined();
    const everything = await describeOutput(['--entity-type', 'brokers', '--entity-name', '1', '--all']);
    expect(configLine(everything, 'num.partitions')).toMatch(/^num\.partitions=1 /);
    expect(configLine(everything, 'log.retention.ms')).toMatch(/^log\.retention\.ms=3600000 /);
    topicConfigs = await describeOutput(['--entity-type', 'topics', '--entity-name', topic, '--all']);
    expect(configLine(topicConfigs, 'retention.ms')).toMatch(
      /^retention\.ms=3600000 sensitive=false synonyms=\{DYNAMIC_BROKER_CONFIG:log\.retention\.ms=3600000, DYNAMIC_DEFAULT_BROKER_CONFIG/,
    );
    expect(configLine(topicConfigs, 'delete.retention.ms')).toMatch(/^delete\.retention\.ms=1000 /);

    await alter(['--entity-type', 'brokers', '--entity-name', '1', '--delete-config', 'log.retention.ms,log.cleaner.delete.retention.ms']);
    await alter(['--entity-type', 'brokers', '--entity-default', '--delete-config', 'log.retention.ms']);
    topicConfigs = await describeOutput(['--entity-type', 'topics', '--entity-name', topic, '--all']);
    expect(configLine(topicConfigs, 'retention.ms')).toMatch(/^retention\.ms=604800000 sensitive=false /);
    expect(configLine(topicConfigs, 'retention.ms')).not.toContain('DYNAMIC');
  });

  test("a static broker config is refused with Kafka's message", async () => {
    const refused = await kafkaConfigs(['--alter', '--entity-type', 'brokers', '--entity-name', '1', '--add-config', 'num.partitions=3']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('Cannot update these configs dynamically: [num.partitions]');
  });

  test('a lowered message.max.bytes default refuses a bigger record at once, on a topic without its own limit', async () => {
    const topic = uniqueTopicName('small-default');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
    const produceBig = () =>
      runKcat(['-b', broker.bootstrap, '-P', '-t', topic, '-p', '0'], { stdin: `${'x'.repeat(2000)}\n`, timeoutMs: 20_000 });
    assertSucceeded(await produceBig(), 'kcat produce before the change');
    await alter(['--entity-type', 'brokers', '--entity-default', '--add-config', 'message.max.bytes=1000']);
    try {
      const refused = await produceBig();
      expect(refused.stdout + refused.stderr).toMatch(/too large/i);
    } finally {
      await alter(['--entity-type', 'brokers', '--entity-default', '--delete-config', 'message.max.bytes']);
    }
  });

  test('dynamic broker configs survive a restart', async () => {
    await alter(['--entity-type', 'brokers', '--entity-default', '--add-config', 'log.segment.bytes=2097152']);
    await alter(['--entity-type', 'brokers', '--entity-name', '1', '--add-config', 'log.flush.interval.messages=500']);
    await broker.restart();
    expect(configLine(await describeOutput(['--entity-type', 'brokers', '--entity-default']), 'log.segment.bytes')).toMatch(
      /^log\.segment\.bytes=2097152 /,
    );
    expect(configLine(await describeOutput(['--entity-type', 'brokers', '--entity-name', '1']), 'log.flush.interval.messages')).toMatch(
      /^log\.flush\.interval\.messages=500 /,
    );
  });
});

describe('client quotas through kafka-configs', () => {
  test('--describe --entity-type users succeeds and lists no quotas', async () => {
    const output = await describeOutput(['--entity-type', 'users']);
    expect(output).not.toMatch(/producer_byte_rate|consumer_byte_rate/);
  });
});
