// Kafka's rule for topic names (its Topic.validate): 1 to 249 characters, each a letter, digit, ".", "_" or
// "-", and not "." or "..". Team prefixes use the same characters so every prefix can begin a real name.
import { z } from 'zod';

/** Kafka's Topic.MAX_NAME_LENGTH. */
export const maxTopicNameLength = 249;

/** A whole string of legal topic-name characters (at least one, no length limit: prefixes add their own). */
export const topicNameCharacters = /^[a-zA-Z0-9._-]+$/;

/** The same characters for an HTML `pattern` attribute (implicitly anchored; "-" escaped for the v flag). */
export const topicNameInputPattern = '[a-zA-Z0-9._\\-]+';

export const TopicName = z
  .string()
  .max(maxTopicNameLength, `At most ${maxTopicNameLength} characters`)
  .regex(new RegExp(`^[a-zA-Z0-9._-]{1,${maxTopicNameLength}}$`), `Letters, digits, ".", "_" and "-" only, at most ${maxTopicNameLength}`)
  .refine((name) => name !== '.' && name !== '..', 'A topic cannot be named "." or ".."');
export type TopicName = z.infer<typeof TopicName>;
