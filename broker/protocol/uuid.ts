// Kafka UUIDs on the wire are 16 bytes (most significant half first); the codec represents them as
// canonical lower-case 8-4-4-4-12 strings so they compare with === and print readably.

/** Kafka's "no id" UUID. */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const CANONICAL_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function uuidFromBytes(buffer: Buffer, offset: number): string {
  const hex = buffer.toString('hex', offset, offset + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Writes `uuid` as 16 bytes at `offset`; throws on anything but the canonical form. */
export function writeUuidBytes(uuid: string, buffer: Buffer, offset: number): void {
  if (!CANONICAL_UUID.test(uuid)) throw new Error(`not a canonical UUID: ${JSON.stringify(uuid)}`);
  const hex = uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18) + uuid.slice(19, 23) + uuid.slice(24);
  buffer.write(hex, offset, 16, 'hex');
}
