// Alert states on /metrics, called on every scrape with that scrape's registry:
//   samsa_alert_open{cluster, consumergroup, rule, state} 1 per pending or firing alert (Prometheus' own
//   ALERTS{alertstate} shape), and samsa_alerts{state} the count per state, 0 included.
import { eq, inArray } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import { alertRules, alerts } from '../db/schema/index.ts';
import type { ConsoleRuntime } from '../runtime/console-runtime.ts';

/** Series of samsa_alert_open per scrape at most. */
const MAX_OPEN_ALERT_SERIES = 10_000;

export async function addAlertStateMetrics(registry: Registry, runtime: ConsoleRuntime): Promise<void> {
  const open = new Gauge({
    name: 'samsa_alert_open',
    help: 'An alert that is pending or firing (1), by rule, cluster and group.',
    labelNames: ['cluster', 'consumergroup', 'rule', 'state'],
    registers: [registry],
  });
  const counts = new Gauge({ name: 'samsa_alerts', help: 'Alerts open per state.', labelNames: ['state'], registers: [registry] });
  const rows = await runtime.db
    .select({ clusterId: alerts.clusterId, groupId: alerts.groupId, state: alerts.state, rule: alertRules.name })
    .from(alerts)
    .innerJoin(alertRules, eq(alerts.ruleId, alertRules.id))
    .where(inArray(alerts.state, ['pending', 'firing']))
    .limit(MAX_OPEN_ALERT_SERIES);
  counts.set({ state: 'pending' }, 0);
  counts.set({ state: 'firing' }, 0);
  for (const row of rows) {
    open.set({ cluster: row.clusterId, consumergroup: row.groupId, rule: row.rule, state: row.state }, 1);
    counts.inc({ state: row.state });
  }
}
