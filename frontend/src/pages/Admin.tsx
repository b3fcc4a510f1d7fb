import { FormEvent, useState } from 'react';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { formatAge } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { admin, Member, moderation } from '../moderation/api';

const MIB = 1024 * 1024;

/** A quota field in MiB: empty = the default, -1 = unlimited. */
const toBytes = (text: string): number | null => {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return NaN;
  return n < 0 ? -1 : Math.round(n * MIB);
};
const toMib = (bytes: number | null) => (bytes == null ? '' : bytes < 0 ? '-1' : String(Math.round((bytes / MIB) * 100) / 100));

function MemberRow({ member, self, onChanged }: { member: Member; self: boolean; onChanged: (m: Member | null) => void }) {
  const { api } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [storage, setStorage] = useState(toMib(member.quotas.storageBytes));
  const [daily, setDaily] = useState(toMib(member.quotas.dailyUploadBytes));
  const [disabling, setDisabling] = useState(false);
  const [reason, setReason] = useState('');
  const run = async (what: () => Promise<Member | unknown>) => {
    setError(null);
    try {
      const m = await what();
      onChanged(m && typeof m === 'object' && 'email' in m ? (m as Member) : null);
    } catch (e) {
      setError(friendlyMessage(e));
    }
  };
  const saveQuotas = (e: FormEvent) => {
    e.preventDefault();
    const s = toBytes(storage);
    const d = toBytes(daily);
    if (Number.isNaN(s) || Number.isNaN(d)) {
      setError('Quotas are numbers of MiB, -1 for unlimited, or empty for the default.');
      return;
    }
    void run(() => admin.setQuotas(api, member.id, s, d));
  };
  const name = member.displayName || member.email;
  return (
    <tr data-testid="member">
      <td>
        {member.displayName}
        <br />
        <span className="meta">{member.email}</span>
      </td>
      <td>{member.role}</td>
      <td>
        {member.status === 'DISABLED' ? `disabled${member.disabledReason ? `: ${member.disabledReason}` : ''}` : 'active'}
        {member.createdAt && <span className="meta"> · joined {formatAge(member.createdAt)}</span>}
      </td>
      <td>
        {member.role === 'user' && (
          <button
            type="button"
            onClick={() => void run(() => admin.setRole(api, member.id, 'moderator'))}
            aria-label={`Make moderator: ${name}`}
          >
            Make moderator
          </button>
        )}
        {member.role === 'moderator' && (
          <button
            type="button"
            onClick={() => void run(() => admin.setRole(api, member.id, 'user'))}
            aria-label={`Revoke moderator: ${name}`}
          >
            Revoke moderator
          </button>
        )}
        {member.status === 'DISABLED' ? (
          <button type="button" onClick={() => void run(() => admin.enable(api, member.id))} aria-label={`Enable ${name}`}>
            Enable
          </button>
        ) : member.role !== 'admin' && !self ? (
          disabling ? (
            <span>
              <label>
                Reason
                <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button
                type="button"
                className="danger"
                disabled={!reason.trim()}
                onClick={() => void run(() => moderation.disable(api, member.id, reason.trim()))}
              >
                Confirm disable
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setDisabling(true)} aria-label={`Disable ${name}`}>
              Disable
            </button>
          )
        ) : null}
        <form className="quotas" onSubmit={saveQuotas} aria-label={`Quotas of ${name}`}>
          <label>
            Storage (MiB)
            <input value={storage} placeholder="default" inputMode="decimal" onChange={(e) => setStorage(e.target.value)} />
          </label>
          <label>
            Daily upload (MiB)
            <input value={daily} placeholder="default" inputMode="decimal" onChange={(e) => setDaily(e.target.value)} />
          </label>
          <button type="submit">Save quotas</button>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/** /admin (admins): accounts with roles, disable/enable and quotas; the audit log. */
export function Admin() {
  const { api, user } = useAuth();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const members = useAsync(() => admin.users(api, search), [api, search]);
  const audit = useAsync(() => admin.audit(api), [api]);
  const changed = () => {
    members.reload();
    audit.reload();
  };
  return (
    <section className="admin">
      <h1>Admin</h1>
      <h2>Accounts</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query);
        }}
      >
        <label>
          Find an account
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="address, name or handle" />
        </label>
        <button type="submit">Search</button>
      </form>
      {members.error ? (
        <ErrorPanel error={members.error} onRetry={members.reload} />
      ) : members.loading && !members.data ? (
        <Spinner label="Loading accounts" />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(members.data?.items ?? []).map((m) => (
              <MemberRow key={`${m.id}-${m.role}-${m.status}`} member={m} self={m.id === user?.id} onChanged={changed} />
            ))}
          </tbody>
        </table>
      )}
      <h2>Audit log</h2>
      {audit.error ? (
        <ErrorPanel error={audit.error} onRetry={audit.reload} />
      ) : (
        <ul className="audit" aria-label="Audit log">
          {(audit.data?.items ?? []).map((a) => (
            <li key={a.id}>
              <time dateTime={a.createdAt}>{formatAge(a.createdAt)}</time> · {a.actorEmail} · <code>{a.action}</code> {a.targetType}{' '}
              {a.targetId}
              {a.detail && <span className="meta"> · {a.detail}</span>}
            </li>
          ))}
          {audit.data && audit.data.items.length === 0 && <li className="empty">Nothing yet.</li>}
        </ul>
      )}
    </section>
  );
}
