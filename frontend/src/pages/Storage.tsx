import { friendlyMessage } from '../api/client';
import { Quota, User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { formatBytes } from '../lib/format';
import { useAsync } from '../lib/useAsync';

/** One limit of GET /api/me's quota: what is used, and the limit (null = unlimited). */
export type QuotaUsage = Quota['storageBytes'];

function Usage({
  id,
  label,
  usage,
  format,
  hint,
}: {
  id: string;
  label: string;
  usage: QuotaUsage;
  format: (n: number) => string;
  hint: string;
}) {
  const { used, limit } = usage;
  const text = limit === null ? `${format(used)} used (no limit)` : `${format(used)} of ${format(limit)} used`;
  return (
    <div className="quota-usage">
      <dt id={id}>{label}</dt>
      <dd>
        {limit !== null && <progress aria-labelledby={id} max={Math.max(limit, 1)} value={Math.min(used, limit)} />}
        <span>{text}</span>
        <small>{hint}</small>
      </dd>
    </div>
  );
}

const count = (n: number) => String(n);

/** The account page's Storage section: the upload quotas and what the account uses of them. */
export function Storage() {
  const { api } = useAuth();
  const me = useAsync(async (signal) => (await api.get<User>('/api/me', { signal })).quota, []);
  return (
    <section aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      {me.loading && !me.data && <p>Loading…</p>}
      {me.error !== null && (
        <p className="form-error" role="alert">
          {friendlyMessage(me.error)}
        </p>
      )}
      {me.data && (
        <dl>
          <Usage
            id="quota-storage"
            label="Videos stored"
            usage={me.data.storageBytes}
            format={formatBytes}
            hint="Deleting a video frees its space."
          />
          <Usage
            id="quota-daily"
            label="Uploaded in the last 24 hours"
            usage={me.data.dailyUploadBytes}
            format={formatBytes}
            hint="Each upload counts for 24 hours after it starts."
          />
          <Usage
            id="quota-pending"
            label="Uploads in progress"
            usage={me.data.pendingUploads}
            format={count}
            hint="Finish or cancel one to start another."
          />
        </dl>
      )}
    </section>
  );
}
