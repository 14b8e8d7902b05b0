'use client';
// What a replay will copy, fixed when it was planned: records and bytes per partition, where they go, the
// settings and the estimated time. Shown on /replays/new before starting and on the replay's own page.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/api/root.ts';
import { formatBytes } from '../../components/format-bytes.ts';
import { formatDuration } from '../../components/format-duration.ts';

type ReplayDetail = inferRouterOutputs<AppRouter>['replays']['get'];
export type ReplayPlan = ReplayDetail['plan'];
export type ReplaySettings = ReplayDetail['settings'];

const MAX_ROWS_SHOWN = 500;

export function ReplayPlanView({
  plan,
  sourceTopic,
  targetTopic,
  settings,
}: {
  plan: ReplayPlan;
  sourceTopic: string;
  targetTopic: string;
  settings: ReplaySettings;
}) {
  const shown = plan.partitions.slice(0, MAX_ROWS_SHOWN);
  return (
    <section className="panel" data-testid="replay-plan">
      <h2 style={{ marginTop: 0 }}>Plan</h2>
      <p data-testid="replay-plan-summary">
        {plan.filtered ? 'At most ' : ''}
        {plan.totalRecords.toLocaleString()} record{plan.totalRecords === 1 ? '' : 's'}
        {plan.totalEstimatedBytes !== null ? ` (about ${formatBytes(plan.totalEstimatedBytes)})` : ''} from{' '}
        <span className="mono">{sourceTopic}</span> into <span className="mono">{targetTopic}</span>, {plan.targetDescription}. Estimated
        time: {formatDuration(Math.max(plan.estimatedDurationMs, 1_000))}
        {settings.rateLimit.recordsPerSecond || settings.rateLimit.bytesPerSecond ? ' at the rate limit' : ' (no rate limit)'}.
      </p>
      {plan.filtered && <p className="hint">A filter decides what is copied, so the counts are upper bounds.</p>}
      {plan.totalRecords === 0 && (
        <p className="note" role="status">
          Nothing to copy: the range holds no records (check the offsets or times, and the source&apos;s retention).
        </p>
      )}
      <SettingsList settings={settings} />
      <table>
        <thead>
          <tr>
            <th className="num">Partition</th>
            <th className="num">From offset</th>
            <th className="num">To offset (excl.)</th>
            <th className="num">Records</th>
            <th className="num">Bytes (estimate)</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((partition) => (
            <tr key={partition.partition} data-testid="replay-plan-partition">
              <td className="num">{partition.partition}</td>
              <td className="num">{partition.startOffset.toLocaleString()}</td>
              <td className="num">{partition.endOffset.toLocaleString()}</td>
              <td className="num">{partition.records.toLocaleString()}</td>
              <td className="num">{partition.estimatedBytes === null ? '—' : formatBytes(partition.estimatedBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.partitions.length > shown.length && (
        <p className="hint">
          The first {MAX_ROWS_SHOWN} of {plan.partitions.length} partitions.
        </p>
      )}
      {plan.totalEstimatedBytes === null && (
        <p className="hint">The cluster did not say the partitions&apos; sizes, so bytes are not estimated.</p>
      )}
    </section>
  );
}

function SettingsList({ settings }: { settings: ReplaySettings }) {
  const { filter, rateLimit } = settings;
  const filters = [
    filter?.keyContains && `key contains “${filter.keyContains}”`,
    filter?.valueContains && `value contains “${filter.valueContains}”`,
    filter?.valueMatches && `value matches /${filter.valueMatches}/`,
    filter?.header && `header ${filter.header.name} = “${filter.header.value}”`,
    filter?.keyEquals !== undefined && `key is “${filter.keyEquals}”`,
    filter?.fromTimestampMs !== undefined && `stamped from ${new Date(filter.fromTimestampMs).toISOString()}`,
    filter?.toTimestampMs !== undefined && `stamped until ${new Date(filter.toTimestampMs).toISOString()}`,
    filter?.expression && `CEL: ${filter.expression}`,
  ].filter(Boolean);
  const rates = [
    rateLimit.recordsPerSecond && `${rateLimit.recordsPerSecond.toLocaleString()} records/s`,
    rateLimit.bytesPerSecond && `${formatBytes(rateLimit.bytesPerSecond)}/s`,
  ].filter(Boolean);
  return (
    <ul className="hint" data-testid="replay-settings">
      <li>Filter: {filters.length > 0 ? filters.join('; ') : 'none (every record of the range)'}</li>
      <li>Timestamps: {settings.keepTimestamps ? 'kept from the source' : 'stamped when written to the target'}; keys and headers kept</li>
      <li>Rate limit: {rates.length > 0 ? rates.join(' and ') : 'none'}</li>
    </ul>
  );
}
