'use client';
// Users & teams (admins): create accounts, change roles and teams, reset passwords; create teams and edit the
// topic-name prefixes they own.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { maxPasswordLength, minPasswordLength } from '@/domain/password-policy.ts';
import { roles, type Role } from '@/domain/roles.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';
import { ResetPasswordCell } from './reset-password-cell.tsx';
import { TeamPrefixesEditor } from './team-prefixes-editor.tsx';

export default function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries();
  const createUser = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh }));
  const updateUser = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh }));
  const createTeam = useMutation(trpc.teams.create.mutationOptions({ onSuccess: refresh }));
  const deleteUser = useMutation(trpc.users.delete.mutationOptions({ onSuccess: refresh }));
  const deleteTeam = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: refresh }));
  const [userFormKey, setUserFormKey] = useState(0);

  const submitUser = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const teamId = String(form.get('teamId') ?? '');
    createUser.mutate(
      {
        username: String(form.get('username')),
        name: String(form.get('name')),
        password: String(form.get('password')),
        role: String(form.get('role')) as Role,
        teamId: teamId || null,
      },
      { onSuccess: () => setUserFormKey((key) => key + 1) },
    );
  };
  const submitTeam = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const prefixes = String(form.get('prefixes') ?? '')
      .split(',')
      .map((prefix) => prefix.trim())
      .filter(Boolean);
    createTeam.mutate({ name: String(form.get('name')), prefixes }, { onSuccess: () => formElement.reset() });
  };

  return (
    <>
      <h1>Users &amp; teams</h1>
      <ErrorBox error={users.error ?? teams.error} />
      <h2>Users</h2>
      <form key={userFormKey} className="form-grid" onSubmit={submitUser} aria-label="New user">
        <label>
          Username
          <input name="username" required minLength={3} />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            required
            minLength={minPasswordLength}
            maxLength={maxPasswordLength}
            autoComplete="new-password"
          />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {roles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <label>
          Team
          <TeamSelect name="teamId" teams={teams.data ?? []} />
        </label>
        <button type="submit" disabled={createUser.isPending}>
          Add user
        </button>
      </form>
      <ErrorBox error={createUser.error ?? updateUser.error ?? deleteUser.error} />
      <table>
        <thead>
          <tr>
            <th>Username</th>
            <th>Name</th>
            <th>Role</th>
            <th>Team</th>
            <th>Created</th>
            <th>Password</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td className="mono">{user.username}</td>
              <td>{user.name}</td>
              <td>
                <select
                  value={user.role}
                  aria-label={`Role of ${user.username}`}
                  onChange={(event) => updateUser.mutate({ userId: user.id, role: event.target.value as Role })}
                >
                  {roles.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </td>
              <td>
                <TeamSelect
                  value={user.teamId ?? ''}
                  teams={teams.data ?? []}
                  onChange={(teamId) => updateUser.mutate({ userId: user.id, teamId: teamId || null })}
                />
              </td>
              <td>{user.createdAt.toLocaleDateString()}</td>
              <td>
                <ResetPasswordCell user={user} />
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => window.confirm(`Delete ${user.username}?`) && deleteUser.mutate({ userId: user.id })}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Teams</h2>
      <form className="form-grid" onSubmit={submitTeam} aria-label="New team">
        <label>
          Team name
          <input name="name" required />
        </label>
        <label>
          Topic prefixes
          <input name="prefixes" placeholder="payments., billing-" title="Comma-separated; topic-name characters only" />
        </label>
        <button type="submit" disabled={createTeam.isPending}>
          Add team
        </button>
      </form>
      <ErrorBox error={createTeam.error ?? deleteTeam.error} />
      <table>
        <thead>
          <tr>
            <th>Team</th>
            <th>Owns topics starting with</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {teams.data?.map((team) => (
            <tr key={team.id}>
              <td>{team.name}</td>
              <td>
                <TeamPrefixesEditor team={team} />
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => window.confirm(`Delete team ${team.name}?`) && deleteTeam.mutate({ teamId: team.id })}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {teams.data?.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No teams yet. Members act only on topics under their team&apos;s prefixes.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function TeamSelect(props: { name?: string; value?: string; teams: { id: string; name: string }[]; onChange?: (teamId: string) => void }) {
  return (
    <select
      name={props.name}
      aria-label="Team"
      {...(props.onChange ? { value: props.value, onChange: (event) => props.onChange!(event.target.value) } : { defaultValue: '' })}
    >
      <option value="">no team</option>
      {props.teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </select>
  );
}
