// Kafka's rule for topic names (Topic.validate): 1-249 of [a-zA-Z0-9._-], and not "." or "..".
import { z } from 'zod';

export const maxTopicNameLength = 249;

export const TopicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'Letters, digits, ".", "_" and "-" only, at most 249')
  .refine((name) => name !== '.' && name !== '..', 'A topic cannot be named "." or ".."');
export type TopicName = z.infer<typeof TopicName>;
