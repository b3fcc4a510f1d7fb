import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';
import { ThumbnailPicker } from './ThumbnailPicker';

const KEY = 'abcdefghijk';

function renderPicker(routes: Parameters<typeof fakeFetch>[0]) {
  localStorage.setItem('reelroute.refreshToken', 'r1');
  const fake = fakeFetch({
    'POST /api/auth/refresh': json({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900 }),
    'GET /api/me': json({ id: 1, email: 'ann@example.test', displayName: 'Ann' }),
    ...routes,
  });
  render(
    <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
      <ThumbnailPicker videoKey={KEY} durationSeconds={10} />
    </AuthProvider>,
  );
  return fake;
}

describe('Thumbnail picker', () => {
  it('picks a frame at a time', async () => {
    const fake = renderPicker({
      [`PUT /api/videos/${KEY}/thumbnail?time=2.5`]: json({
        videoKey: KEY,
        thumbnailUrl: 'https://s3/t.jpg',
        posterUrl: 'https://s3/p.jpg',
      }),
    });
    const user = userEvent.setup();
    const time = screen.getByLabelText('Frame at (seconds)');
    await user.clear(time);
    await user.type(time, '2.5');
    await user.click(screen.getByRole('button', { name: 'Use this frame' }));
    expect(await screen.findByText('Thumbnail updated.')).toBeInTheDocument();
    expect(screen.getByAltText('The new thumbnail')).toHaveAttribute('src', 'https://s3/t.jpg');
    expect(fake.calls.some((c) => c.method === 'PUT' && c.url.endsWith('?time=2.5'))).toBe(true);
  });

  it('refuses times past the end before asking the server', async () => {
    const fake = renderPicker({});
    const user = userEvent.setup();
    const time = screen.getByLabelText('Frame at (seconds)');
    await user.clear(time);
    await user.type(time, '99');
    await user.click(screen.getByRole('button', { name: 'Use this frame' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Pick a time from 0 to 10 seconds.');
    expect(fake.calls.some((c) => c.url.includes('/thumbnail'))).toBe(false);
  });

  it('uploads a picture as is and shows the server refusal of a bad one', async () => {
    let sent: { type?: string; body?: unknown } = {};
    renderPicker({
      [`PUT /api/videos/${KEY}/thumbnail`]: (init) => {
        sent = { type: (init.headers as Record<string, string>)['Content-Type'], body: init.body };
        return problem(400, 'invalid-image', 'The image could not be decoded');
      },
    });
    const user = userEvent.setup();
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'poster.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText(/Or upload a picture/), file);
    await user.click(screen.getByRole('button', { name: 'Upload picture' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The image could not be decoded');
    expect(sent.type).toBe('image/png');
    expect(sent.body).toBe(file);
  });

  it('refuses other files and large ones in the browser', async () => {
    renderPicker({});
    const user = userEvent.setup({ applyAccept: false });
    const gif = new File(['GIF89a'], 'a.gif', { type: 'image/gif' });
    await user.upload(screen.getByLabelText(/Or upload a picture/), gif);
    await user.click(screen.getByRole('button', { name: 'Upload picture' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose a JPEG or PNG image.');
    const big = new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' });
    await user.upload(screen.getByLabelText(/Or upload a picture/), big);
    await user.click(screen.getByRole('button', { name: 'Upload picture' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The image may have at most 2 MB.');
  });
});
