import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';
import { EVENT_TYPES, Webhook, Webhooks } from './Webhooks';

const SECRET = 'whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDE';

function renderWebhooks(fetch: typeof globalThis.fetch) {
  return render(
    <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
      <Webhooks />
    </AuthProvider>,
  );
}

describe('Webhooks section', () => {
  it('adds a webhook, shows its secret once with a copy button, lists and deletes it', async () => {
    let hooks: Webhook[] = [];
    const { fetch, calls } = fakeFetch({
      'GET /api/me/webhooks': () => json({ items: hooks }),
      'POST /api/me/webhooks': (init) => {
        const body = JSON.parse(String(init.body)) as Pick<Webhook, 'url' | 'events'>;
        const hook = { id: 7, url: body.url, events: body.events, createdAt: '2026-11-30T10:00:00Z' };
        hooks = [hook];
        return json({ ...hook, secret: SECRET }, 201);
      },
      'DELETE /api/me/webhooks/7': () => {
        hooks = [];
        return json(undefined, 204);
      },
    });
    const user = userEvent.setup(); // gives navigator a clipboard
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    renderWebhooks(fetch);
    expect(await screen.findByText('No webhooks yet.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.example.com/in');
    await user.click(screen.getByLabelText('comment.created'));
    expect(screen.getByLabelText('video.ready')).toBeChecked(); // the default
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));

    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ url: 'https://hooks.example.com/in', events: ['video.ready', 'comment.created'] });
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('not shown again');
    expect(within(notice).getByLabelText('Signing secret')).toHaveTextContent(SECRET);
    await user.click(within(notice).getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(await within(notice).findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(await screen.findByText('https://hooks.example.com/in')).toBeInTheDocument();
    expect(screen.getByText('video.ready, comment.created')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete webhook https://hooks.example.com/in' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/me/webhooks/7')).toBe(true));
    expect(await screen.findByText('No webhooks yet.')).toBeInTheDocument();
  });

  it('shows recent deliveries of a webhook', async () => {
    const { fetch } = fakeFetch({
      'GET /api/me/webhooks': () =>
        json({ items: [{ id: 3, url: 'https://hooks.example.com/a', events: ['video.ready'], createdAt: '2026-11-30T10:00:00Z' }] }),
      'GET /api/me/webhooks/3/deliveries': () =>
        json({
          items: [
            {
              id: 11,
              eventId: 'e-1',
              eventType: 'video.ready',
              status: 'pending',
              attempts: 2,
              lastResponseCode: 500,
              lastError: null,
              nextAttemptAt: '2026-11-30T10:01:00Z',
              createdAt: '2026-11-30T10:00:30Z',
            },
            {
              id: 10,
              eventId: 'e-0',
              eventType: 'video.ready',
              status: 'delivered',
              attempts: 1,
              lastResponseCode: 204,
              lastError: null,
              nextAttemptAt: null,
              createdAt: '2026-11-30T10:00:10Z',
            },
          ],
        }),
    });
    const user = userEvent.setup();
    renderWebhooks(fetch);
    await user.click(await screen.findByRole('button', { name: 'Deliveries of https://hooks.example.com/a' }));
    const table = await screen.findByRole('table', { name: 'Recent deliveries' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('pending');
    expect(rows[1]).toHaveTextContent('500');
    expect(rows[2]).toHaveTextContent('delivered');
    expect(rows[2]).toHaveTextContent('204');
  });

  it('shows why a URL was refused', async () => {
    const { fetch } = fakeFetch({
      'GET /api/me/webhooks': () => json({ items: [] }),
      'POST /api/me/webhooks': () =>
        problem(
          400,
          'private-webhook-target',
          'url must resolve to public addresses only (not loopback, private, link-local, multicast or reserved)',
        ),
    });
    const user = userEvent.setup();
    renderWebhooks(fetch);
    await user.type(await screen.findByLabelText('Endpoint URL'), 'http://10.0.0.1/hook');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('url must resolve to public addresses only');
    expect(screen.queryByLabelText('Signing secret')).not.toBeInTheDocument();
  });

  it('offers every event type of the API, the moderation ones included', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/me/webhooks': () => json({ items: [] }),
      'POST /api/me/webhooks': (init) =>
        json({ id: 8, ...JSON.parse(String(init.body)), createdAt: '2026-11-30T10:00:00Z', secret: SECRET }, 201),
    });
    const user = userEvent.setup();
    renderWebhooks(fetch);
    const boxes = within(await screen.findByRole('group', { name: 'Events' })).getAllByRole('checkbox');
    expect(boxes).toHaveLength(EVENT_TYPES.length);
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['video.taken-down', 'video.restored', 'user.registered']));
    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.example.com/mod');
    await user.click(screen.getByLabelText('video.ready')); // off
    await user.click(screen.getByLabelText('video.taken-down'));
    await user.click(screen.getByLabelText('video.restored'));
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      url: 'https://hooks.example.com/mod',
      events: ['video.taken-down', 'video.restored'],
    });
  });

  it('needs at least one event', async () => {
    const { fetch } = fakeFetch({ 'GET /api/me/webhooks': () => json({ items: [] }) });
    const user = userEvent.setup();
    renderWebhooks(fetch);
    await user.click(await screen.findByLabelText('video.ready'));
    expect(screen.getByRole('button', { name: 'Add webhook' })).toBeDisabled();
  });
});
