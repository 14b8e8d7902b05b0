// Names and free text must read the way they are stored: NUL and other control characters (C0, DEL, C1) and
// the Unicode bidirectional controls (which can make "abc.txt" display as "txt.cba") are refused as a
// validation error, before they reach the database (Postgres refuses NUL in text with an opaque error).
import type { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's whole job.
export const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const controlCharactersMessage = 'Control characters and bidirectional text controls are not allowed.';

/** A string schema that also refuses control and bidi characters. */
export function withoutControlCharacters(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => !controlCharacters.test(value), controlCharactersMessage);
}
