import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Channel } from '../pages/Channel';
import { renderWith } from '../social/social-test-utils';
import { json, problem } from '../test-utils';

const channel = (subscribers: number) =>
  json({ handle: 'zoe', displayName: 'Zoë', joinedAt: new Date().toISOString(), videoCount: 0, subscribers, videos: [] });

describe('Subscribe button on the channel page', () => {
  it('shows the subscriber count and subscribes, then unsubscribes', async () => {
    const fake = renderWith(
      {
        'GET /api/users/zoe': channel(41),
        'GET /api/me/subscriptions': json([]),
        'PUT /api/me/subscriptions/zoe': json({ handle: 'zoe', displayName: 'Zoë', subscribed: true, subscribers: 42 }),
        'DELETE /api/me/subscriptions/zoe': json({ handle: 'zoe', displayName: 'Zoë', subscribed: false, subscribers: 41 }),
      },
      <Channel />,
      { path: '/u/:handle', at: '/u/zoe' },
    );
    const user = userEvent.setup();
    expect(await screen.findByText('41 subscribers')).toBeInTheDocument();
    const button = await screen.findByRole('button', { name: 'Subscribe' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByText('42 subscribers')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unsubscribe' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    expect(await screen.findByText('41 subscribers')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.url.startsWith('/api/me/subscriptions/zoe')).map((c) => c.method)).toEqual(['PUT', 'DELETE']);
  });

  it('knows a followed channel, explains your own, and asks visitors to log in', async () => {
    renderWith(
      {
        'GET /api/users/zoe': channel(1),
        'GET /api/me/subscriptions': json([{ handle: 'zoe', displayName: 'Zoë', subscribedAt: '2026-01-01T00:00:00Z', subscribers: 1 }]),
      },
      <Channel />,
      { path: '/u/:handle', at: '/u/zoe' },
    );
    expect(await screen.findByText('1 subscriber')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Unsubscribe' })).toBeInTheDocument();
  });

  it('says when the channel is your own', async () => {
    renderWith(
      {
        'GET /api/users/zoe': channel(0),
        'GET /api/me/subscriptions': json([]),
        'PUT /api/me/subscriptions/zoe': () =>
          json({ status: 400, code: 'invalid-field', field: 'handle', detail: 'You cannot subscribe to your own channel' }, 400),
      },
      <Channel />,
      { path: '/u/:handle', at: '/u/zoe' },
    );
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Subscribe' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('This is your own channel.');
  });

  it('offers a log-in link to anonymous visitors', async () => {
    renderWith({ 'GET /api/users/zoe': channel(3), 'GET /api/me/subscriptions': problem(401, 'authentication-required') }, <Channel />, {
      signedIn: false,
      path: '/u/:handle',
      at: '/u/zoe',
    });
    expect(await screen.findByText('3 subscribers')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Log in to subscribe' })).toHaveAttribute('href', '/login');
  });
});
