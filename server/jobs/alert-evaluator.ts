// The alert evaluator: after each stored lag-sampler round of a cluster, evaluates every enabled rule that
// matches the cluster against the sampled groups it matches (pure functions in services/alerts/), and applies
// the result (services/alerts/apply-evaluation.ts). Runs one evaluation at a time. A gap (a round that could
// not sample) evaluates nothing: missing data neither fires nor resolves.
import { eq } from 'drizzle-orm';
import { matchesGlob } from '../../domain/alert-rule.ts';
import type { Database } from '../db/database.ts';
import { alertRules } from '../db/schema/index.ts';
import { listSampledGroups, readGroupLagWindows } from '../lag-history/read-lag-history.ts';
import { applyEvaluation } from '../services/alerts/apply-evaluation.ts';
import { evaluateCondition } from '../services/alerts/evaluate-condition.ts';
import type { LagSampler } from './lag-sampler.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** Groups one rule evaluates per round at most (the first by name); more are reported in the log. */
export const MAX_GROUPS_PER_RULE = 1_000;
/** A group whose newest sample is older than this is not evaluated (it vanished, or sampling is behind). */
const MIN_STALE_AFTER_MS = 60_000;
const MIN_LOOKBACK_MS = 2 * 60_000;

export interface AlertEvaluatorOptions {
  db: Database;
  webhooks: WebhookDispatcher;
  lagSampler: LagSampler;
  publicUrl: string;
  sampleIntervalMs: number;
}

export interface EvaluationReport {
  clusterId: string;
  rules: number;
  evaluated: number;
  transitions: { alertId: number; ruleId: string; groupId: string; to: string; notified: number }[];
}

export class AlertEvaluator {
  private readonly options: AlertEvaluatorOptions;
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(options: AlertEvaluatorOptions) {
    this.options = options;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.lagSampler.onRound((round) => {
      if (round.error === null) void this.evaluateCluster(round.clusterId).catch(() => {});
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.chain.catch(() => {});
  }

  /** Evaluates every matching rule for one cluster now; queued behind any running evaluation. */
  evaluateCluster(clusterId: string, now = new Date()): Promise<EvaluationReport> {
    const run = this.chain.then(() => this.evaluate(clusterId, now));
    this.chain = run.catch((error: unknown) =>
      console.error(`alert evaluator (${clusterId}): ${error instanceof Error ? error.message : String(error)}`),
    );
    return run;
  }

  private async evaluate(clusterId: string, now: Date): Promise<EvaluationReport> {
    const { db } = this.options;
    const report: EvaluationReport = { clusterId, rules: 0, evaluated: 0, transitions: [] };
    const rules = (await db.select().from(alertRules).where(eq(alertRules.enabled, true))).filter((rule) =>
      matchesGlob(rule.clusterPattern, clusterId),
    );
    report.rules = rules.length;
    if (rules.length === 0) return report;
    const sampled = await listSampledGroups(db, clusterId);
    const groupsByRule = new Map(
      rules.map((rule) => {
        const matching = sampled.filter((groupId) => matchesGlob(rule.groupPattern, groupId));
        if (matching.length > MAX_GROUPS_PER_RULE)
          console.warn(`alert rule ${rule.name}: ${matching.length} groups match; evaluating the first ${MAX_GROUPS_PER_RULE}`);
        return [rule.id, matching.slice(0, MAX_GROUPS_PER_RULE)];
      }),
    );
    const windowMs = Math.max(
      MIN_LOOKBACK_MS,
      ...rules.map((rule) => ('windowSeconds' in rule.condition ? rule.condition.windowSeconds * 1000 : 0)),
    );
    const groupIds = [...new Set([...groupsByRule.values()].flat())];
    const windows = await readGroupLagWindows(db, {
      clusterId,
      groupIds,
      fromMs: now.getTime() - windowMs - this.options.sampleIntervalMs,
      toMs: now.getTime(),
      resolution: 'raw',
    });
    const staleAfterMs = Math.max(MIN_STALE_AFTER_MS, 4 * this.options.sampleIntervalMs);
    for (const rule of rules) {
      for (const groupId of groupsByRule.get(rule.id) ?? []) {
        const points = windows.get(groupId)?.points ?? [];
        const newest = points[points.length - 1];
        if (!newest || now.getTime() - newest.sampledAt.getTime() > staleAfterMs) continue;
        const evaluation = evaluateCondition(rule.condition, points, rule.topicPattern, now.getTime());
        if (!evaluation) continue;
        report.evaluated++;
        const applied = await applyEvaluation(this.options, rule, { clusterId, groupId }, evaluation, now);
        if (applied.transition && applied.alertId !== null)
          report.transitions.push({
            alertId: applied.alertId,
            ruleId: rule.id,
            groupId,
            to: applied.transition,
            notified: applied.notified,
          });
      }
    }
    if (report.transitions.some((transition) => transition.notified > 0)) this.options.webhooks.wake();
    return report;
  }
}
