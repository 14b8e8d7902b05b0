// A topic request's life: pending -> approved -> provisioning -> created | failed (a retry provisions again),
// or pending -> rejected | cancelled. Every move is one conditional UPDATE on the current state, so two
// people acting at once cannot both move the same request (the second finds the state changed).

export const topicRequestStates = ['pending', 'approved', 'provisioning', 'created', 'failed', 'rejected', 'cancelled'] as const;
export type TopicRequestState = (typeof topicRequestStates)[number];

export const topicRequestKinds = ['create', 'change'] as const;
export type TopicRequestKind = (typeof topicRequestKinds)[number];

/** The states each state may move to. */
export const topicRequestTransitions: Record<TopicRequestState, readonly TopicRequestState[]> = {
  pending: ['approved', 'rejected', 'cancelled'],
  approved: ['provisioning'],
  provisioning: ['created', 'failed'],
  failed: ['provisioning'],
  created: [],
  rejected: [],
  cancelled: [],
};

/** States that still hold their topic name (no second request may ask for it) and count against a budget. */
export const liveTopicRequestStates: readonly TopicRequestState[] = ['pending', 'approved', 'provisioning', 'failed'];

export function mayMove(from: TopicRequestState, to: TopicRequestState): boolean {
  return topicRequestTransitions[from].includes(to);
}

export const topicRequestStateLabels: Record<TopicRequestState, string> = {
  pending: 'pending approval',
  approved: 'approved',
  provisioning: 'provisioning',
  created: 'done',
  failed: 'failed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};
