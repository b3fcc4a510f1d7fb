import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWith } from '../social/social-test-utils';
import { json, problem } from '../test-utils';
import { Channel } from './Channel';

const video = (n: number) => ({
  videoKey: `key${String(n).padStart(8, '0')}`,
  displayName: `Clip ${n}`,
  ownerName: 'Zoë',
  ownerHandle: 'zoe',
  uploadTime: new Date(Date.now() - 86_400_000).toISOString(),
  durationSeconds: 30,
  thumbnailUrl: null,
  views: n === 1 ? 1 : 2500,
  likes: 7,
  dislikes: 0,
  comments: 3,
});

describe('Channel page', () => {
  it('shows the user and their public videos with counts, and pages', async () => {
    renderWith(
      {
        'GET /api/users/zoe': json({
          handle: 'zoe',
          displayName: 'Zoë',
          joinedAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
          videoCount: 2,
          videos: [video(2)],
          nextCursor: 'n1',
        }),
        'GET /api/users/zoe?cursor=n1': json({ handle: 'zoe', displayName: 'Zoë', videoCount: 2, videos: [video(1)], nextCursor: null }),
      },
      <Channel />,
      { signedIn: false, path: '/u/:handle', at: '/u/zoe' },
    );
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Zoë' })).toBeInTheDocument();
    expect(screen.getByText(/@zoe · 2 videos · joined 1 week ago/)).toBeInTheDocument();
    expect(screen.getByText('Clip 2')).toBeInTheDocument();
    expect(screen.getByText('2.5K views')).toBeInTheDocument();
    expect(screen.getByLabelText('7 likes')).toBeInTheDocument();
    expect(screen.getByText('3 comments')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Zoë' })[0]).toHaveAttribute('href', '/u/zoe');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Clip 1')).toBeInTheDocument();
    expect(screen.getByText('1 view')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says so for an unknown channel', async () => {
    renderWith({ 'GET /api/users/nobody': problem(404, 'not-found', 'No such channel') }, <Channel />, {
      signedIn: false,
      path: '/u/:handle',
      at: '/u/nobody',
    });
    expect(await screen.findByRole('heading', { name: 'Channel not found' })).toBeInTheDocument();
  });
});
