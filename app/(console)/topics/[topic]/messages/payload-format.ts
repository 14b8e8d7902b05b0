// Turns payload bytes into what the page shows: text only when the bytes are valid UTF-8 (never mangled text:
// anything else is shown as hex), pretty JSON when it parses, hex and base64 on request. Pure.
export type PayloadFormat = 'auto' | 'text' | 'json' | 'hex' | 'base64';
export const payloadFormats: PayloadFormat[] = ['auto', 'text', 'json', 'hex', 'base64'];

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** The text, or null when the bytes are not valid UTF-8. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array, maxBytes = 64 * 1024): string {
  const shown = bytes.subarray(0, maxBytes);
  const lines: string[] = [];
  for (let at = 0; at < shown.length; at += 16) {
    const row = Array.from(shown.subarray(at, at + 16), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${row}`);
  }
  return lines.join('\n');
}

export type RenderedPayload =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'hex'; text: string }
  | { kind: 'notice'; text: string };

export function renderPayload(bytes: Uint8Array, format: PayloadFormat): RenderedPayload {
  if (format === 'hex') return { kind: 'hex', text: toHex(bytes) };
  if (format === 'base64') return { kind: 'text', text: bytesToBase64(bytes) };
  const text = utf8OrNull(bytes);
  if (text === null)
    return format === 'auto' ? { kind: 'hex', text: toHex(bytes) } : { kind: 'notice', text: 'Not valid UTF-8: shown as hex.' };
  if (format === 'text') return { kind: 'text', text };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return format === 'json'
      ? { kind: 'notice', text: `Not JSON: ${error instanceof Error ? error.message : String(error)}` }
      : { kind: 'text', text };
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/** One line for the table: text (or hex when not UTF-8), cut to maxChars. */
export function previewLine(bytes: Uint8Array, maxChars = 120): string {
  const text = utf8OrNull(bytes);
  const line = text ?? `0x${Array.from(bytes.subarray(0, maxChars / 2), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}
