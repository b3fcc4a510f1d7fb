import { FormEvent, useState } from 'react';
import { ApiError, friendlyMessage } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from '../lib/useAsync';

export type Webhook = components['schemas']['Webhook'];
export type WebhookDelivery = components['schemas']['WebhookDelivery'];
type EventType = components['schemas']['WebhookEventType'];

// every event type of the OpenAPI document, once (a missing or unknown one does not compile)
const ALL_EVENT_TYPES: Record<EventType, true> = {
  'video.uploaded': true,
  'video.processing': true,
  'video.ready': true,
  'video.published': true,
  'video.failed': true,
  'video.deleted': true,
  'video.taken-down': true,
  'video.restored': true,
  'comment.created': true,
  'user.registered': true,
};
export const EVENT_TYPES = Object.keys(ALL_EVENT_TYPES) as EventType[];

const PATH = '/api/me/webhooks';

const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** The account page's Webhooks section: list, add (the secret is shown once), remove, deliveries. */
export function Webhooks() {
  const { api } = useAuth();
  const list = useAsync(async (signal) => (await api.get<{ items: Webhook[] }>(PATH, { signal })).items, []);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['video.ready']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [open, setOpen] = useState<number | null>(null);

  const toggle = (type: string, on: boolean) =>
    setEvents((current) => (on ? [...current, type].filter((t, i, all) => all.indexOf(t) === i) : current.filter((t) => t !== type)));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    setCopied(false);
    try {
      const hook = await api.post<Webhook & { secret: string }>(PATH, { url: url.trim(), events });
      setCreated({ url: hook.url, secret: hook.secret });
      setUrl('');
      list.reload();
    } catch (err) {
      setError({ message: friendlyMessage(err), field: err instanceof ApiError ? err.field : undefined });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (hook: Webhook) => {
    setError(null);
    try {
      await api.delete(`${PATH}/${hook.id}`, { retries: 2 });
      if (open === hook.id) setOpen(null);
      list.reload();
    } catch (err) {
      setError({ message: friendlyMessage(err) });
    }
  };

  const copy = async (secret: string) => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="webhooks" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p>
        Reelroute POSTs each event of your videos and account to your URL, signed with the header <code>Reelroute-Signature: t=…,v1=…</code>{' '}
        (HMAC-SHA256 of <code>t.body</code> with the secret). Failed deliveries are retried for 24 hours.
      </p>
      {list.data && list.data.length === 0 && <p>No webhooks yet.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="webhook-list">
          {list.data.map((hook) => (
            <li key={hook.id}>
              <span className="webhook-url">{hook.url}</span> <span className="muted">{hook.events.join(', ')}</span>{' '}
              <button
                type="button"
                onClick={() => setOpen(open === hook.id ? null : hook.id)}
                aria-expanded={open === hook.id}
                aria-label={`Deliveries of ${hook.url}`}
              >
                Deliveries
              </button>{' '}
              <button type="button" className="danger" onClick={() => void remove(hook)} aria-label={`Delete webhook ${hook.url}`}>
                Delete
              </button>
              {open === hook.id && <Deliveries webhookId={hook.id} />}
            </li>
          ))}
        </ul>
      )}
      {created && (
        <div className="notice webhook-secret" role="status">
          <p>Webhook added for {created.url}. Copy its signing secret now: it is not shown again.</p>
          <code aria-label="Signing secret">{created.secret}</code>{' '}
          <button type="button" onClick={() => void copy(created.secret)}>
            {copied ? 'Copied' : 'Copy secret'}
          </button>
        </div>
      )}
      <form onSubmit={add}>
        <label htmlFor="wh-url">Endpoint URL</label>
        <input
          id="wh-url"
          type="url"
          value={url}
          maxLength={2000}
          placeholder="https://example.com/reelroute"
          onChange={(e) => setUrl(e.currentTarget.value)}
          required
          aria-invalid={error?.field === 'url'}
        />
        <fieldset aria-invalid={error?.field === 'events'}>
          <legend>Events</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} /> {type}
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={busy || events.length === 0}>
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
    </section>
  );
}

/** The recent deliveries of one webhook, newest first. */
function Deliveries({ webhookId }: { webhookId: number }) {
  const { api } = useAuth();
  const deliveries = useAsync(
    async (signal) => (await api.get<{ items: WebhookDelivery[] }>(`${PATH}/${webhookId}/deliveries`, { signal })).items,
    [webhookId],
  );
  if (deliveries.error) return <p className="form-error">{friendlyMessage(deliveries.error)}</p>;
  if (!deliveries.data) return <p>Loading…</p>;
  if (deliveries.data.length === 0) return <p>No deliveries yet.</p>;
  return (
    <table className="webhook-deliveries">
      <caption>Recent deliveries</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last answer</th>
          <th scope="col">Next try</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => (
          <tr key={d.id}>
            <td>{d.eventType}</td>
            <td>{d.status}</td>
            <td>{d.attempts}</td>
            <td>{d.lastResponseCode ?? d.lastError ?? ''}</td>
            <td>{when(d.nextAttemptAt)}</td>
            <td>{when(d.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
