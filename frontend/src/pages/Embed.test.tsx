import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { ShareBox } from '../components/ShareBox';
import { fakeFetch, json, problem } from '../test-utils';

function renderAt(fetch: typeof globalThis.fetch, path: string) {
  return render(
    <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </AuthProvider>,
  );
}

const VIDEO = { videoKey: 'aaaaaaaaaaa', displayName: 'Sunset', state: 'READY', visibility: 'PUBLIC' };
const PLAYBACK = {
  hls: '/api/stream/aaaaaaaaaaa/master.m3u8?t=T',
  mp4: 'http://s3/download.mp4?sig',
  poster: 'http://s3/poster.jpg?sig',
  thumbnail: null,
  storyboard: null,
};

describe('Embeddable player', () => {
  it('shows only the player and a title linking to the watch page', async () => {
    const { fetch } = fakeFetch({
      'GET /api/videos/aaaaaaaaaaa': json(VIDEO),
      'GET /api/videos/aaaaaaaaaaa/playback': json(PLAYBACK),
    });
    renderAt(fetch, '/embed/aaaaaaaaaaa');
    expect(await screen.findByLabelText('Video: Sunset')).toHaveAttribute('poster', PLAYBACK.poster);
    const title = screen.getByRole('link', { name: 'Sunset · Reelroute' });
    expect(title).toHaveAttribute('href', `${window.location.origin}/watch/aaaaaaaaaaa`);
    expect(title).toHaveAttribute('target', '_blank');
    // no site header or navigation inside someone else's page
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Reelroute home' })).toBeNull();
  });

  it('says so for a private, unknown or unfinished video', async () => {
    const { fetch } = fakeFetch({
      'GET /api/videos/bbbbbbbbbbb': problem(404, 'not-found'),
      'GET /api/videos/ccccccccccc': json({ ...VIDEO, videoKey: 'ccccccccccc', state: 'PROCESSING' }),
    });
    renderAt(fetch, '/embed/bbbbbbbbbbb');
    expect(await screen.findByText('This video is private or does not exist.')).toBeInTheDocument();
    renderAt(fetch, '/embed/ccccccccccc');
    expect(await screen.findByText('This video is not ready to play yet.')).toBeInTheDocument();
  });
});

describe('Share box', () => {
  it('offers the link and an iframe embed code with the title escaped, and copies them', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<ShareBox videoKey="aaaaaaaaaaa" title={'Say "hi" <3'} />);
    const origin = window.location.origin;
    expect(screen.getByLabelText('Link')).toHaveValue(`${origin}/watch/aaaaaaaaaaa`);
    const code = (screen.getByLabelText('Embed') as HTMLTextAreaElement).value;
    expect(code).toBe(
      `<iframe src="${origin}/embed/aaaaaaaaaaa" title="Say &quot;hi&quot; &lt;3" width="640" height="360" allow="fullscreen; picture-in-picture" allowfullscreen></iframe>`,
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Copy' })[1]);
    expect(writeText).toHaveBeenCalledWith(code);
    expect(await screen.findByText('Copied the embed code.')).toBeInTheDocument();
  });
});
