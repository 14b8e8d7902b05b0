// Produce (0), v3-13 (v12 is v11 for transactions of version 1, the only kind served here; v13 names topics
// by id, UNKNOWN_TOPIC_ID for an unknown one). Records stay bytes: each partition's batch is validated (CRC-32C, magic 2, counts,
// size), given offsets in place and appended by the partition log, which also applies idempotent-producer
// sequence checks. acks=0 gets no response (and a failed acks=0 produce closes the connection, as Kafka
// does, so the client notices). v0-2 carry the legacy MessageSet format that Kafka 4 removed; like Kafka 4
// they are still advertised (librdkafka only compresses when Produce v0 is listed, KAFKA-18659), and a
// request in them closes the connection, as Kafka 4.3 does.
// Transactional batches must come from the producer's current epoch and go to a partition added to its
// ongoing transaction (else INVALID_PRODUCER_EPOCH / INVALID_TXN_STATE, as Kafka's verification answers).
// Invalid records (no key on a compacted topic, a timestamp out of range) refuse the whole batch with
// INVALID_RECORD / INVALID_TIMESTAMP and, from v8, record_errors naming each bad record's batch index
// (KIP-467), so clients fail those records and report the rest as failed by a different record.
// Not yet: quotas.

import { readProduceRequest, type ProduceRequest } from '../protocol/generated/produce-request.ts';
import { writeProduceResponse, type ProduceResponse, type PartitionProduceResponse } from '../protocol/generated/produce-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { ZERO_UUID } from '../protocol/uuid.ts';
import { partitionKey } from '../topics/append-notifier.ts';
import {
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_ATTRIBUTES,
  BATCH_OFFSET_OF_MAGIC,
  CURRENT_MAGIC,
  compressionCodec,
  isTransactional,
  readBatchHeader,
} from '../protocol/record-batch.ts';
import { CloseConnection, defineHandler, type BrokerState } from './api-handler.ts';
import { publishTraffic } from '../metrics/traffic-channel.ts';

const VALID_ACKS = new Set([-1, 0, 1]);
const FIRST_ZSTD_VERSION = 7;
const FIRST_TOPIC_ID_VERSION = 13;

export const produceHandler = defineHandler<ProduceRequest, ProduceResponse>({
  apiKey: 0,
  name: 'Produce',
  minVersion: 3,
  advertisedMinVersion: 0,
  maxVersion: 13,
  readRequest: readProduceRequest,
  writeResponse: writeProduceResponse,
  // The log has written each batch when its append resolves, and nothing else keeps the records.
  releasesRequestBytes: true,
  async handle({ broker, apiVersion }, request) {
    // Start every append now, before awaiting anything: pipelined produces must append in request order.
    // From v13 topics are named by id; an unknown id answers UNKNOWN_TOPIC_ID for each of its partitions.
    const pending = request.topicData.map(({ name = '', topicId = ZERO_UUID, partitionData }) => {
      const byId = apiVersion >= FIRST_TOPIC_ID_VERSION;
      const topicName = byId ? broker.topics.getById(topicId)?.name : name;
      return {
        name,
        topicId,
        partitions: partitionData.map((partition) => ({
          index: partition.index,
          result:
            topicName === undefined
              ? Promise.resolve(failedPartition(partition.index, ErrorCode.UNKNOWN_TOPIC_ID))
              : appendPartition(broker, apiVersion, request.acks, topicName, partition.index, partition.records),
        })),
      };
    });
    const responses = [];
    let failed = false;
    for (const topic of pending) {
      const partitionResponses: PartitionProduceResponse[] = [];
      for (const partition of topic.partitions) {
        const response = await partition.result;
        if (response.errorCode !== ErrorCode.NONE) failed = true;
        partitionResponses.push(response);
      }
      responses.push({ name: topic.name, topicId: topic.topicId, partitionResponses });
    }
    if (request.acks === 0) {
      if (failed) throw new CloseConnection('a produce with acks=0 failed; closing so the client notices');
      return null;
    }
    return { responses, throttleTimeMs: 0 };
  },
});

async function appendPartition(
  broker: BrokerState,
  apiVersion: number,
  acks: number,
  topicName: string,
  index: number,
  records: Buffer | null,
): Promise<PartitionProduceResponse> {
  const failure = (errorCode: number, errorMessage: string | null = null, recordErrors: PartitionProduceResponse['recordErrors'] = []) =>
    failedPartition(index, errorCode, errorMessage, recordErrors);
  if (!VALID_ACKS.has(acks)) return failure(ErrorCode.INVALID_REQUIRED_ACKS);
  const topic = broker.topics.get(topicName);
  const log = topic?.partitions[index];
  if (log === undefined) return failure(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // Internal topics are written by the broker's coordinators only, as in Kafka.
  if (topic!.isInternal) return failure(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${topicName}`);
  if (records === null || records.length === 0) return failure(ErrorCode.INVALID_RECORD, 'Produce request has no records');
  if (apiVersion < FIRST_ZSTD_VERSION && usesZstd(records)) {
    return failure(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'Produce requests with zstd compression need version 7 or later');
  }
  const txnError = transactionError(broker, topicName, index, records);
  if (txnError !== ErrorCode.NONE) return failure(txnError, 'transactional produce refused: see the transaction coordinator state');
  const result = await log.append(records, Date.now(), { requireSingleBatch: true });
  if ('message' in result) {
    const recordErrors = (result.recordErrors ?? []).map(({ batchIndex, message }) => ({ batchIndex, batchIndexErrorMessage: message }));
    return failure(result.errorCode, result.message, recordErrors);
  }
  broker.appendNotifier.notify(partitionKey(topicName, index));
  if (!result.duplicate) publishTraffic('in', topicName, index, [records]);
  return {
    index,
    errorCode: ErrorCode.NONE,
    baseOffset: result.baseOffset,
    logAppendTimeMs: result.logAppendTimeMs,
    logStartOffset: result.logStartOffset,
    recordErrors: [],
    errorMessage: null,
  };
}

function failedPartition(
  index: number,
  errorCode: number,
  errorMessage: string | null = null,
  recordErrors: PartitionProduceResponse['recordErrors'] = [],
): PartitionProduceResponse {
  return { index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors, errorMessage };
}

/** Synchronous, so appends still start in request order. */
function transactionError(broker: BrokerState, topicName: string, index: number, records: Buffer): number {
  if (records.length < BATCH_HEADER_BYTES || records.readInt8(BATCH_OFFSET_OF_MAGIC) !== CURRENT_MAGIC) return ErrorCode.NONE;
  const header = readBatchHeader(records, 0);
  if (!isTransactional(header.attributes)) return ErrorCode.NONE;
  return broker.transactions.verifyProduce(header.producerId, header.producerEpoch, topicName, index);
}

function usesZstd(records: Buffer): boolean {
  return (
    records.length >= BATCH_HEADER_BYTES &&
    records.readInt8(BATCH_OFFSET_OF_MAGIC) === CURRENT_MAGIC &&
    compressionCodec(records.readInt16BE(BATCH_OFFSET_OF_ATTRIBUTES)) === 'zstd'
  );
}
