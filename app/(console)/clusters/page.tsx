'use client';
// Clusters (admins): the built-in cluster plus external ones with SASL and TLS. Passwords are never shown again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';

const mechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

export default function ClustersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries();
  const create = useMutation(trpc.clusters.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.clusters.delete.mutationOptions({ onSuccess: refresh }));
  const [formKey, setFormKey] = useState(0);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const mechanism = String(form.get('mechanism') ?? '');
    create.mutate(
      {
        name: String(form.get('name')),
        bootstrapServers: String(form.get('bootstrapServers')),
        sasl: mechanism
          ? {
              mechanism: mechanism as (typeof mechanisms)[number],
              username: String(form.get('username')),
              password: String(form.get('password')),
            }
          : undefined,
        tls: form.get('tls') ? { rejectUnauthorized: true, caPem: String(form.get('caPem') ?? '') || undefined } : undefined,
      },
      { onSuccess: () => setFormKey((key) => key + 1) },
    );
  };

  return (
    <>
      <h1>Clusters</h1>
      <ErrorBox error={clusters.error ?? remove.error} />
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Bootstrap servers</th>
            <th>Security</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {clusters.data?.map((cluster) => (
            <tr key={cluster.id}>
              <td>{cluster.name}</td>
              <td className="mono">{cluster.bootstrapServers}</td>
              <td>
                {[cluster.saslMechanism && `SASL ${cluster.saslMechanism}`, cluster.tlsEnabled && 'TLS'].filter(Boolean).join(' + ') ||
                  'plaintext'}
              </td>
              <td>
                <ClusterStatusCell clusterId={cluster.id} />
              </td>
              <td>
                {!cluster.builtIn && (
                  <button type="button" className="secondary" onClick={() => remove.mutate({ clusterId: cluster.id })}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a cluster</h2>
      <form key={formKey} className="form-grid" onSubmit={submit} aria-label="New cluster">
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Bootstrap servers
          <input name="bootstrapServers" required placeholder="host1:9092,host2:9092" />
        </label>
        <label>
          SASL mechanism
          <select name="mechanism" defaultValue="" aria-label="SASL mechanism">
            <option value="">none</option>
            {mechanisms.map((mechanism) => (
              <option key={mechanism}>{mechanism}</option>
            ))}
          </select>
        </label>
        <label>
          SASL username
          <input name="username" />
        </label>
        <label>
          SASL password
          <input name="password" type="password" autoComplete="off" />
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          <input name="tls" type="checkbox" /> TLS
        </label>
        <label>
          CA certificate (PEM, optional)
          <textarea name="caPem" rows={2} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Add cluster
        </button>
      </form>
      <ErrorBox error={create.error} />
    </>
  );
}

function ClusterStatusCell({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.clusters.status.queryOptions({ clusterId }), refetchInterval: 30_000 });
  if (status.error) return <ErrorBox error={status.error} />;
  if (!status.data) return <span className="muted">checking…</span>;
  return (
    <span>
      <span className={`badge ${status.data.ok ? 'ok' : 'failed'}`}>{status.data.ok ? 'connected' : 'unreachable'}</span>{' '}
      <span className="muted">{status.data.detail}</span>
    </span>
  );
}
