// The notification an alert's state change sends: deep links to the alert and to its group's page, with the
// cluster in the group link for a cluster other than the built-in one, for firing and resolved alike.
import { describe, expect, it } from 'vitest';
import type { alertRules, alerts } from '../../db/schema/index.ts';
import { buildNotification, slackMessage } from '../webhooks/notification.ts';
import { alertNotification } from './apply-evaluation.ts';

const PUBLIC_URL = 'https://samsa.example.test/console/';
const firedAt = new Date('2026-12-07T10:00:00Z');

const rule: typeof alertRules.$inferSelect = {
  id: 'rule-1',
  name: 'payments lag',
  clusterPattern: 'prod-*',
  groupPattern: 'payments/*',
  topicPattern: '*',
  condition: { kind: 'lag', thresholdRecords: 100, forSeconds: 60 },
  webhookIds: ['hook-1'],
  enabled: true,
  createdBy: 'olga',
  createdAt: firedAt,
  updatedAt: firedAt,
};

function alertRow(state: 'firing' | 'resolved', clusterId: string): typeof alerts.$inferSelect {
  return {
    id: 42,
    ruleId: rule.id,
    clusterId,
    groupId: 'payments/eu west',
    state,
    pendingSince: new Date(firedAt.getTime() - 60_000),
    firedAt,
    resolvedAt: state === 'resolved' ? new Date(firedAt.getTime() + 600_000) : null,
    summary: 'lag 250 records (threshold 100)',
    value: { lag: 250 },
    lastEvaluatedAt: firedAt,
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgeNote: null,
    silencedUntil: null,
    silencedBy: null,
  };
}

describe('alertNotification', () => {
  it.each(['firing', 'resolved'] as const)(
    'links a %s alert to its page and to its group on a cluster other than the built-in one',
    (state) => {
      const draft = alertNotification(PUBLIC_URL, rule, alertRow(state, 'prod-eu'));
      expect(draft.event).toBe(`alert.${state}`);
      expect(draft.links).toEqual([
        { label: 'Alert #42', url: 'https://samsa.example.test/console/alerts/42' },
        { label: 'Group payments/eu west', url: 'https://samsa.example.test/console/groups/payments%2Feu%20west?cluster=prod-eu' },
      ]);
      // Valid under the published schema, and the Slack rendering keeps both links.
      const notification = buildNotification(draft, 'n-1', firedAt);
      const context = JSON.stringify(slackMessage(notification).blocks);
      expect(context).toContain('<https://samsa.example.test/console/alerts/42|Alert #42>');
      expect(context).toContain('<https://samsa.example.test/console/groups/payments%2Feu%20west?cluster=prod-eu|Group payments/eu west>');
    },
  );

  it('leaves the cluster out of the group link on the built-in cluster', () => {
    const draft = alertNotification(PUBLIC_URL, rule, alertRow('resolved', 'built-in'));
    expect(draft.links[1].url).toBe('https://samsa.example.test/console/groups/payments%2Feu%20west');
    expect(draft.text).toContain('Resolved at 2026-12-07T10:10:00.000Z');
  });
});
