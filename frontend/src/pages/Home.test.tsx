import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';
import { Home } from './Home';

const video = (n: number) => ({
  videoKey: `key${String(n).padStart(8, '0')}`,
  displayName: `Video ${n}`,
  ownerName: 'Ann',
  uploadTime: new Date(Date.now() - 3600_000).toISOString(),
  durationSeconds: 65,
  thumbnailUrl: `http://s3/t${n}.jpg`,
});

describe('Home', () => {
  it('lists videos, pages with the cursor header, and says so when a search finds nothing', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/videos?limit=24': json([video(1), video(2)], 200, { 'X-Next-Cursor': 'c2' }),
      'GET /api/videos?limit=24&cursor=c2': json([video(3)]),
      'GET /api/videos?limit=24&q=zebra': json([]),
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <MemoryRouter>
          <Home />
        </MemoryRouter>
      </AuthProvider>,
    );
    expect(await screen.findByText('Video 1')).toBeInTheDocument();
    expect(screen.getAllByText('1:05')).toHaveLength(2);
    expect(screen.getAllByText('1 hour ago')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Video 3')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByRole('link', { name: /Video 1/ })).toHaveAttribute('href', '/watch/key00000001');
    // a thumbnail that cannot load becomes the placeholder, not a broken image
    const link = screen.getByRole('link', { name: /Video 1/ });
    fireEvent.error(link.querySelector('img')!);
    expect(link.querySelector('img')).toBeNull();
    expect(link.querySelector('.thumb-empty')).not.toBeNull();

    await user.type(screen.getByRole('searchbox', { name: 'Search videos' }), 'zebra');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText(/No videos match “zebra”/)).toBeInTheDocument();
    expect(calls.map((c) => c.url)).toContain('/api/videos?limit=24&q=zebra');
  });

  it('shows a friendly error with a retry button when the API is down', async () => {
    let down = true;
    const { fetch } = fakeFetch({
      'GET /api/videos?limit=24': () => (down ? new Response('', { status: 503 }) : json([])),
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <MemoryRouter>
          <Home />
        </MemoryRouter>
      </AuthProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Reelroute is busy or restarting');
    down = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No videos yet/)).toBeInTheDocument();
  });
});
