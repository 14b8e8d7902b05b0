// Record batches written by real Kafka clients, as stored by our broker (hex of the segment bytes).
// Captured on 2026-11-24 against the built-in broker (`node broker/main.ts --auto-create-topics`) with
// four records key-1/key-0 alternating, values `value-N-` + 40 'a's, piped as `key:value` lines into:
// - kcat 1.7 (librdkafka 2.0.2): `kcat -P -t T -K: -z snappy` (raw snappy; librdkafka split it in two
//   batches) and `-z lz4` (LZ4 frame);
// - Kafka 4.3.1's ConsoleProducer: `--compression-codec snappy|lz4 --reader-property parse.key=true
//   --reader-property key.separator=: --command-property linger.ms=500` (xerial-framed snappy; LZ4 frame).
// Then each partition's 00000000000000000000.log was dumped batch by batch.

export interface RealClientBatches {
  /** Who wrote it and how. */
  producer: string;
  /** Compression codec id in the attributes (2 snappy, 3 lz4). */
  codecId: number;
  /** The stored batches, in order. */
  batchesHex: string[];
}

export const REAL_CLIENT_BATCHES: readonly RealClientBatches[] = [
  {
    producer: 'kcat -z snappy',
    codecId: 2,
    batchesHex: [
      '00000000000000000000004c000000000240927636000200000000000001a20fa8f75f000001a20fa8f75fffffffffffffffffffffffffffff000000013c4c760000000a6b65792d316076616c75652d312d619a01000000',
      '0000000000000001000000670000000002f50f94a4000200000002000001a20fa8f75f000001a20fa8f75fffffffffffffffffffffffffffff00000003b4014c760000000a6b65792d306076616c75652d322d619a0100100076000002053c00310d3c0033b23c000004053c11780034a63c00',
    ],
  },
  {
    producer: 'kcat -z lz4',
    codecId: 3,
    batchesHex: [
      '0000000000000000000000880000000002ece668d8000300000003000001a20fa8f74b000001a20fa8f74bffffffffffffffffffffffffffff0000000404224d1860408248000000ff05760000000a6b65792d316076616c75652d312d610100145100760000023c0013303c001f323c001a11043c000478001f333c001a11063c000478001f343c001250616161610000000000',
    ],
  },
  {
    producer: 'Java ConsoleProducer --compression-codec snappy',
    codecId: 2,
    batchesHex: [
      '000000000000000000000089000000000202fd4587000200000003000001a20fa8fe3b000001a20fa8fe8100000000000000020000000000000000000482534e4150505900000000010000000100000044f3014c760000000a6b65792d316076616c75652d312d619a0100140078008a0102053d00300d3d0032b63d000004053d117a0033ae3d00088c0106053d117a0034a63d00',
    ],
  },
  {
    producer: 'Java ConsoleProducer --compression-codec lz4',
    codecId: 3,
    batchesHex: [
      '00000000000000000000008e000000000292bcf18a000300000003000001a20fa90552000001a20fa9059300000000000000030000000000000000000404224d186040824e000000ff05760000000a6b65792d316076616c75652d312d61010014510076007e023c0013303c001f323c00175178008001043d000479001f333d0019318201063d00047a001f343d001250616161610000000000',
    ],
  },
];

/** The key and value of the n-th record (0-based) every capture above holds. */
export function expectedRecord(index: number): { key: string; value: string } {
  return { key: `key-${(index + 1) % 2}`, value: `value-${index + 1}-${'a'.repeat(40)}` };
}
