import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWith } from '../social/social-test-utils';
import { json, problem } from '../test-utils';
import { MyPlaylists } from './MyPlaylists';
import { nextPlayable, PlaylistPage } from './Playlists';

vi.mock('hls.js', () => ({
  default: class {
    static isSupported = () => false;
    static Events = {};
    static ErrorTypes = {};
  },
}));

const item = (n: number) => ({
  position: n - 1,
  videoKey: `vid${String(n).padStart(8, '0')}`,
  displayName: `Song ${n}`,
  ownerName: 'Zoë',
  ownerHandle: 'zoe',
  uploadTime: new Date().toISOString(),
  durationSeconds: 5,
  thumbnailUrl: null,
  views: 0,
  likes: 0,
  dislikes: 0,
  comments: 0,
});

const playlist = (over: Record<string, unknown> = {}) => ({
  id: 'PLAYLIST001',
  title: 'Road trip',
  description: 'Loud songs',
  visibility: 'public',
  watchLater: false,
  ownerHandle: 'ann',
  ownerName: 'Ann',
  videoCount: 3,
  isOwner: false,
  videos: [item(1), { position: 1, videoKey: 'gone0000002', unavailable: true }, item(3)],
  ...over,
});

const videoRoutes = (n: number) => ({
  [`GET /api/videos/${item(n).videoKey}`]: json({ ...item(n), state: 'READY', visibility: 'public' }),
  [`GET /api/videos/${item(n).videoKey}/playback`]: json({
    hls: `/hls/${n}.m3u8`,
    mp4: `/mp4/${n}.mp4`,
    poster: null,
    thumbnail: null,
    storyboard: null,
  }),
});

describe('Playlist page', () => {
  it('plays the videos one after another, skipping unavailable entries', async () => {
    const fake = renderWith(
      { 'GET /api/playlists/PLAYLIST001': json(playlist()), ...videoRoutes(1), ...videoRoutes(3) },
      <PlaylistPage />,
      { signedIn: false, path: '/playlist/:id', at: '/playlist/PLAYLIST001' },
    );
    expect(await screen.findByRole('heading', { name: 'Road trip' })).toBeInTheDocument();
    expect(screen.getByText('Unavailable video')).toBeInTheDocument();
    const first = await screen.findByTestId('player-video');
    expect(first).toHaveAttribute('aria-label', 'Video: Song 1');
    expect(screen.getByRole('button', { name: 'Song 1' }).closest('li')).toHaveAttribute('aria-current', 'true');
    fireEvent.ended(first);
    await waitFor(() => expect(screen.getByTestId('player-video')).toHaveAttribute('aria-label', 'Video: Song 3'));
    expect(screen.getByRole('button', { name: 'Song 3' }).closest('li')).toHaveAttribute('aria-current', 'true');
    expect(fake.calls.some((c) => c.url === `/api/videos/${item(3).videoKey}/playback`)).toBe(true);
    // no owner controls for a visitor
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('lets the owner reorder and remove', async () => {
    const fake = renderWith(
      {
        'GET /api/playlists/PLAYLIST001': json(playlist({ isOwner: true, videos: [item(1), item(3)] })),
        'PUT /api/playlists/PLAYLIST001/order': json(playlist({ isOwner: true, videos: [item(3), item(1)] })),
        [`DELETE /api/playlists/PLAYLIST001/videos/${item(1).videoKey}`]: json(undefined, 204),
        ...videoRoutes(1),
        ...videoRoutes(3),
      },
      <PlaylistPage />,
      { path: '/playlist/:id', at: '/playlist/PLAYLIST001' },
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Song 1 down' }));
    expect(await screen.findByText('Order saved.')).toBeInTheDocument();
    const order = fake.calls.find((c) => c.url === '/api/playlists/PLAYLIST001/order');
    expect(order?.body).toEqual({ videoKeys: [item(3).videoKey, item(1).videoKey] });
    await user.click(screen.getByRole('button', { name: 'Remove Song 1' }));
    expect(await screen.findByText('Removed.')).toBeInTheDocument();
  });

  it('says so for a private or unknown playlist', async () => {
    renderWith({ 'GET /api/playlists/PLAYLIST001': problem(404, 'not-found') }, <PlaylistPage />, {
      signedIn: false,
      path: '/playlist/:id',
      at: '/playlist/PLAYLIST001',
    });
    expect(await screen.findByRole('heading', { name: 'Playlist not found' })).toBeInTheDocument();
  });

  it('finds the next playable entry', () => {
    const entries = [
      { position: 0, videoKey: 'a', unavailable: false, video: null },
      { position: 1, videoKey: 'b', unavailable: true, video: null },
    ];
    expect(nextPlayable(entries, -1)).toBe(-1);
  });
});

describe('My playlists', () => {
  it('lists Watch later first and creates a playlist', async () => {
    let created = false;
    const fake = renderWith(
      {
        'GET /api/me/playlists': () =>
          json([
            { id: 'WATCHLATER1', title: 'Watch later', visibility: 'private', watchLater: true, videoCount: 2 },
            ...(created ? [{ id: 'NEWLIST0001', title: 'Mixtape', visibility: 'unlisted', watchLater: false, videoCount: 0 }] : []),
          ]),
        'POST /api/playlists': () => {
          created = true;
          return json({ id: 'NEWLIST0001', title: 'Mixtape', visibility: 'unlisted', videos: [] }, 201);
        },
      },
      <MyPlaylists />,
    );
    const user = userEvent.setup();
    expect(await screen.findByRole('link', { name: 'Watch later' })).toHaveAttribute('href', '/playlist/WATCHLATER1');
    expect(screen.getByText('2 videos')).toBeInTheDocument();
    await user.type(screen.getByLabelText('New playlist'), 'Mixtape');
    await user.selectOptions(screen.getByLabelText('Visibility'), 'unlisted');
    await user.click(screen.getByRole('button', { name: 'Create playlist' }));
    expect(await screen.findByRole('link', { name: 'Mixtape' })).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'POST' && c.url === '/api/playlists')?.body).toEqual({
      title: 'Mixtape',
      visibility: 'unlisted',
    });
  });
});
