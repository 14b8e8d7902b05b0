// DescribeLogDirs (35), v1-5 (Kafka 4 removed v0; v5: the dir is never cordoned here): the broker's one log dir (the data directory) with the size of every
// requested partition (all when topics is null), offset lag 0 (no future replicas), and the file
// system's total and usable bytes (v4). Topics or partitions that do not exist are left out, as Kafka does.

import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { readDescribeLogDirsRequest, type DescribeLogDirsRequest } from '../protocol/generated/describe-log-dirs-request.ts';
import {
  writeDescribeLogDirsResponse,
  type DescribeLogDirsResponse,
  type DescribeLogDirsTopic,
} from '../protocol/generated/describe-log-dirs-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';

export const describeLogDirsHandler = defineHandler<DescribeLogDirsRequest, DescribeLogDirsResponse>({
  apiKey: 35,
  name: 'DescribeLogDirs',
  minVersion: 1,
  maxVersion: 5,
  readRequest: readDescribeLogDirsRequest,
  writeResponse: writeDescribeLogDirsResponse,
  async handle({ broker }, request) {
    const topics = describeTopics(broker, request);
    const space = await diskSpace(broker.config.dataDir);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: [{ errorCode: ErrorCode.NONE, logDir: path.resolve(broker.config.dataDir), topics, ...space }],
    };
  },
});

function describeTopics(broker: BrokerState, request: DescribeLogDirsRequest): DescribeLogDirsTopic[] {
  const wanted = request.topics === null ? broker.topics.list().map((topic) => ({ topic: topic.name, partitions: null })) : request.topics;
  const described: DescribeLogDirsTopic[] = [];
  for (const entry of wanted) {
    const topic = broker.topics.get(entry.topic);
    if (topic === undefined) continue;
    const indexes = entry.partitions ?? topic.partitions.map((_, index) => index);
    const partitions = indexes
      .filter((index) => topic.partitions[index] !== undefined)
      .map((index) => ({
        partitionIndex: index,
        partitionSize: BigInt(topic.partitions[index].sizeBytes),
        offsetLag: 0n,
        isFutureKey: false,
      }));
    if (partitions.length > 0) described.push({ name: topic.name, partitions });
  }
  return described;
}

async function diskSpace(dir: string): Promise<{ totalBytes: bigint; usableBytes: bigint }> {
  try {
    const stats = await statfs(dir, { bigint: true });
    return { totalBytes: stats.blocks * stats.bsize, usableBytes: stats.bavail * stats.bsize };
  } catch {
    return { totalBytes: -1n, usableBytes: -1n };
  }
}
