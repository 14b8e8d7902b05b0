// A request's state as a coloured badge in words (domain/topic-request-states.ts labels).
import { topicRequestStateLabels, type TopicRequestState } from '@/domain/topic-request-states.ts';

const tone: Record<TopicRequestState, string> = {
  pending: 'pending',
  approved: 'pending',
  provisioning: 'pending',
  created: 'ok',
  failed: 'failed',
  rejected: 'failed',
  cancelled: '',
};

export function RequestStateBadge({ state }: { state: TopicRequestState }) {
  return (
    <span className={`badge ${tone[state]}`} data-testid="request-state">
      {topicRequestStateLabels[state]}
    </span>
  );
}
