import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';
import { SaveToPlaylist } from './SaveToPlaylist';

const KEY = 'abcdefghijk';
const summary = (id: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  title,
  description: null,
  visibility: 'private',
  watchLater: false,
  ownerHandle: 'ann',
  ownerName: 'Ann',
  videoCount: 0,
  containsVideo: false,
  ...over,
});

function renderSave(routes: Parameters<typeof fakeFetch>[0], signedIn = true) {
  localStorage.clear();
  if (signedIn) localStorage.setItem('reelroute.refreshToken', 'r1');
  const fake = fakeFetch({
    'POST /api/auth/refresh': json({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900 }),
    'GET /api/me': json({ id: 1, email: 'ann@example.test', displayName: 'Ann' }),
    ...routes,
  });
  render(
    <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
      <MemoryRouter>
        <SaveToPlaylist videoKey={KEY} />
      </MemoryRouter>
    </AuthProvider>,
  );
  return fake;
}

describe('Save to playlist', () => {
  it('saves to Watch later, and to a chosen or a new playlist', async () => {
    const holding = new Set<string>();
    const lists = () =>
      json([
        summary('WATCHLATER1', 'Watch later', { watchLater: true, containsVideo: holding.has('WATCHLATER1') }),
        summary('MIXTAPE0001', 'Mixtape', { visibility: 'public', containsVideo: holding.has('MIXTAPE0001') }),
      ]);
    const add = (id: string) => () => {
      holding.add(id);
      return json({ ...summary(id, id), isOwner: true, videos: [] });
    };
    const fake = renderSave({
      [`GET /api/me/playlists?videoKey=${KEY}`]: lists,
      [`PUT /api/playlists/WATCHLATER1/videos/${KEY}`]: add('WATCHLATER1'),
      [`PUT /api/playlists/MIXTAPE0001/videos/${KEY}`]: add('MIXTAPE0001'),
      [`DELETE /api/playlists/MIXTAPE0001/videos/${KEY}`]: () => {
        holding.delete('MIXTAPE0001');
        return json(undefined, 204);
      },
      'POST /api/playlists': json({ ...summary('NEWLIST0001', 'Road trip'), isOwner: true, videos: [] }, 201),
      [`PUT /api/playlists/NEWLIST0001/videos/${KEY}`]: add('NEWLIST0001'),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Watch later' }));
    expect(await screen.findByText('Saved to Watch later.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Watch later' }));
    expect(await screen.findByText('Already in Watch later.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save to playlist' }));
    const mixtape = await screen.findByRole('checkbox', { name: /Mixtape/ });
    expect(screen.getByRole('checkbox', { name: /Watch later/ })).toBeChecked();
    await user.click(mixtape);
    expect(await screen.findByText('Saved to “Mixtape”.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Mixtape/ })).toBeChecked());
    await user.click(screen.getByRole('checkbox', { name: /Mixtape/ }));
    expect(await screen.findByText('Removed from “Mixtape”.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('New playlist'), 'Road trip');
    await user.click(screen.getByRole('button', { name: 'Create and save' }));
    expect(await screen.findByText('Saved to “Road trip”.')).toBeInTheDocument();
    const created = fake.calls.find((c) => c.method === 'POST' && c.url === '/api/playlists');
    expect(created?.body).toEqual({ title: 'Road trip', visibility: 'private' });
  });

  it('is not offered to anonymous viewers', async () => {
    renderSave({}, false);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Watch later' })).toBeNull());
  });
});
