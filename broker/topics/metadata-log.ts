// The broker's durable metadata: an append-only file of checksummed JSON records, replayed at start.
// Each record is fsynced before the change it describes becomes visible, so a crash leaves either the
// whole record or a torn tail that replay drops (and truncates) — never a half-applied change.

import { crc32 } from 'node:zlib';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export type MetadataRecord =
  | { type: 'ClusterCreated'; clusterId: string }
  | { type: 'TopicCreated'; name: string; topicId: string; partitions: number; configs: Record<string, string> }
  | { type: 'PartitionsCreated'; name: string; partitions: number }
  | { type: 'TopicConfigsChanged'; name: string; configs: Record<string, string> }
  | { type: 'TopicDeleted'; name: string; topicId: string }
  | { type: 'ProducerIdBlockAllocated'; nextProducerId: string }
  /** All dynamic broker configs of one scope (replaces the previous set), keyed by broker config name. */
  | { type: 'BrokerConfigsChanged'; scope: 'default' | 'broker'; configs: Record<string, string> }
  /** All configs of one GROUP resource (replaces the previous set; empty removes them). */
  | { type: 'GroupConfigsChanged'; groupId: string; configs: Record<string, string> };

/** A line is "<crc32 of json, 8 hex digits> <json>\n". */
function encodeLine(record: MetadataRecord): Buffer {
  const json = JSON.stringify(record);
  const crc = crc32(json).toString(16).padStart(8, '0');
  return Buffer.from(`${crc} ${json}\n`, 'utf8');
}

function decodeLine(line: string): MetadataRecord | null {
  if (line.length < 10 || line[8] !== ' ') return null;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return null;
  try {
    return JSON.parse(json) as MetadataRecord;
  } catch {
    return null;
  }
}

export class MetadataLog {
  private readonly file: FileHandle;
  private writeChain: Promise<void> = Promise.resolve();

  private constructor(file: FileHandle) {
    this.file = file;
  }

  /** Opens (creating) the log, returns it with every intact record; a torn or corrupt tail is cut off. */
  static async open(path: string): Promise<{ log: MetadataLog; records: MetadataRecord[] }> {
    const file = await fsp.open(path, 'a+');
    const content = await file.readFile();
    const records: MetadataRecord[] = [];
    let goodBytes = 0;
    while (goodBytes < content.length) {
      const end = content.indexOf(0x0a, goodBytes);
      if (end < 0) break;
      const record = decodeLine(content.toString('utf8', goodBytes, end));
      if (record === null) break;
      records.push(record);
      goodBytes = end + 1;
    }
    if (goodBytes < content.length) {
      await file.truncate(goodBytes);
      await file.sync();
    }
    return { log: new MetadataLog(file), records };
  }

  /** Appends and fsyncs; resolves once the record is durable. Appends are serialized in call order. */
  append(record: MetadataRecord): Promise<void> {
    const line = encodeLine(record);
    const write = this.writeChain.then(async () => {
      await this.file.appendFile(line);
      await this.file.datasync();
    });
    this.writeChain = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.writeChain;
    await this.file.close();
  }
}
