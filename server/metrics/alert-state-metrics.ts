// The hook for alert states on /metrics: called on every scrape with that scrape's registry. The alerts
// work fills it (e.g. a Gauge samsa_alerts{rule,state}); until then it adds nothing.
import type { Registry } from 'prom-client';
import type { ConsoleRuntime } from '../runtime/console-runtime.ts';

export async function addAlertStateMetrics(_registry: Registry, _runtime: ConsoleRuntime): Promise<void> {}
