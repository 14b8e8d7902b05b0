'use client';
// Topic policies: the rules requested topics must follow, per cluster and optionally per team (a team's own
// policy replaces the cluster's for that team). Everyone reads them; admins set and delete them, each after
// a preview of the rules before and after. `?cluster=` and `?team=` choose the policy being edited.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useQueryState } from '../../../components/query-state.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { describeRules } from '../policy-rules-text.ts';
import { DeletePolicyDialog } from './delete-policy-dialog.tsx';
import { PolicyForm } from './policy-form.tsx';

export default function PoliciesPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Policies />
    </Suspense>
  );
}

function Policies() {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const { clusterId: currentCluster } = useClusterId();
  const me = useQuery(trpc.session.me.queryOptions());
  const policies = useQuery(trpc.topicPolicies.list.queryOptions());
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const admin = me.data?.role === 'admin';
  const clusterId = params.get('cluster') ?? currentCluster;
  const teamId = params.get('team') || null;
  const clusterName = (id: string) => clusters.data?.find((cluster) => cluster.id === id)?.name ?? id;
  const existing = policies.data?.find((policy) => policy.clusterId === clusterId && policy.teamId === teamId) ?? null;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href="/requests">Requests</Link> /
      </p>
      <h1>Topic policies</h1>
      <p className="muted">
        Every topic request is checked against the policy of its team on its cluster, or else the cluster’s, as the member types, on submit
        and again at approval. Without a policy only the team prefix and the cluster’s own limits apply.
      </p>
      <ErrorBox error={policies.error ?? clusters.error ?? teams.error} />
      {policies.isLoading && <p className="muted">Loading policies…</p>}
      {policies.data && (
        <table aria-label="Policies">
          <thead>
            <tr>
              <th>Cluster</th>
              <th>Applies to</th>
              <th>Rules</th>
              <th>Changed</th>
              {admin && <th />}
            </tr>
          </thead>
          <tbody>
            {policies.data.map((policy) => {
              const lines = describeRules(policy.rules);
              return (
                <tr key={policy.id} data-testid={`policy-${policy.clusterId}-${policy.teamName ?? 'all'}`}>
                  <td>{clusterName(policy.clusterId)}</td>
                  <td>{policy.teamId === null ? 'every team without its own' : `team ${policy.teamName ?? policy.teamId}`}</td>
                  <td>
                    {lines.length === 0 ? <span className="muted">no rules</span> : lines.map((line) => <div key={line}>{line}</div>)}
                  </td>
                  <td title={policy.updatedAt.toISOString()}>
                    {policy.updatedAt.toLocaleString()} by {policy.updatedBy}
                  </td>
                  {admin && (
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Edit the policy of ${clusterName(policy.clusterId)}${policy.teamName ? ` for ${policy.teamName}` : ''}`}
                        onClick={() => update({ cluster: policy.clusterId, team: policy.teamId })}
                      >
                        Edit
                      </button>{' '}
                      <DeletePolicyDialog
                        policy={policy}
                        clusterName={clusterName(policy.clusterId)}
                        fallback={
                          policy.teamId === null
                            ? null
                            : (policies.data.find((other) => other.clusterId === policy.clusterId && other.teamId === null) ?? null)
                        }
                      />
                    </td>
                  )}
                </tr>
              );
            })}
            {policies.data.length === 0 && (
              <tr>
                <td colSpan={admin ? 5 : 4} className="muted">
                  No policies yet{admin ? ': set one below.' : '; an admin sets them.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {admin && policies.data && (
        <>
          <h2>{existing ? 'Edit a policy' : 'Set a policy'}</h2>
          <div className="toolbar">
            <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
              Cluster
              <select aria-label="Policy cluster" value={clusterId} onChange={(event) => update({ cluster: event.target.value })}>
                {(clusters.data ?? [{ id: clusterId, name: clusterId }]).map((cluster) => (
                  <option key={cluster.id} value={cluster.id}>
                    {cluster.name}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
              Applies to
              <select aria-label="Policy team" value={teamId ?? ''} onChange={(event) => update({ team: event.target.value })}>
                <option value="">every team (cluster-wide)</option>
                {(teams.data ?? []).map((team) => (
                  <option key={team.id} value={team.id}>
                    team {team.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <PolicyForm
            key={`${clusterId}/${teamId ?? ''}/${existing?.updatedAt.getTime() ?? 'new'}`}
            clusterId={clusterId}
            teamId={teamId}
            scopeName={`${clusterName(clusterId)}${teamId ? ` / team ${teams.data?.find((team) => team.id === teamId)?.name ?? teamId}` : ''}`}
            existing={existing?.rules ?? null}
          />
        </>
      )}
    </>
  );
}
