import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWith } from '../social/social-test-utils';
import { json } from '../test-utils';
import { Subscriptions } from './Subscriptions';

const video = (n: number) => ({
  videoKey: `key${String(n).padStart(8, '0')}`,
  displayName: `New ${n}`,
  ownerName: 'Zoë',
  ownerHandle: 'zoe',
  uploadTime: new Date().toISOString(),
  durationSeconds: 10,
  thumbnailUrl: null,
  views: 0,
  likes: 0,
  dislikes: 0,
  comments: 0,
});

describe('Subscriptions page', () => {
  it('lists the feed newest first, pages, and switches the digest', async () => {
    let digest = false;
    const fake = renderWith(
      {
        'GET /api/me/subscriptions': json([{ handle: 'zoe', displayName: 'Zoë', subscribedAt: '2026-01-01T00:00:00Z', subscribers: 5 }]),
        'GET /api/me/subscriptions/videos': json([video(3), video(2)], 200, { 'X-Next-Cursor': 'c2' }),
        'GET /api/me/subscriptions/videos?cursor=c2': json([video(1)]),
        'GET /api/me/notification-settings': () => json({ subscriptionDigest: digest, reportOutcomeEmail: true }),
        'PUT /api/me/notification-settings': (init) => {
          digest = JSON.parse(String(init.body)).subscriptionDigest;
          return json({ subscriptionDigest: digest, reportOutcomeEmail: true });
        },
      },
      <Subscriptions />,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('New 3')).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['New 3', 'New 2']);
    expect(screen.getAllByRole('link', { name: 'Zoë' })[0]).toHaveAttribute('href', '/u/zoe');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('New 1')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    const box = await screen.findByRole('checkbox', { name: /daily digest/ });
    expect(box).not.toBeChecked();
    await user.click(box);
    expect(await screen.findByText('You will get a daily e-mail of new videos.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /daily digest/ })).toBeChecked());
    expect(fake.calls.some((c) => c.method === 'PUT' && (c.body as { subscriptionDigest: boolean }).subscriptionDigest)).toBe(true);
  });

  it('says when there is nothing to show', async () => {
    renderWith(
      {
        'GET /api/me/subscriptions': json([]),
        'GET /api/me/subscriptions/videos': json([]),
        'GET /api/me/notification-settings': json({ subscriptionDigest: false, reportOutcomeEmail: true }),
      },
      <Subscriptions />,
    );
    expect(await screen.findByText('You do not follow any channel yet.')).toBeInTheDocument();
  });
});
