import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';
import { MyVideos } from './MyVideos';

describe('My videos', () => {
  it('shows every state, edits and deletes after confirmation', async () => {
    let deleted = false;
    const { fetch, calls } = fakeFetch({
      'GET /api/me/videos?limit=100': () =>
        json(
          [
            { videoKey: 'aaaaaaaaaaa', displayName: 'Ready one', state: 'READY', visibility: 'public' },
            {
              videoKey: 'ddddddddddd',
              displayName: 'Removed one',
              state: 'READY',
              visibility: 'public',
              takedown: { reason: 'Spam links', at: '2026-11-30T10:00:00Z' },
            },
            { videoKey: 'bbbbbbbbbbb', displayName: 'Busy one', state: 'PROCESSING', progressPercent: 40, visibility: 'private' },
            {
              videoKey: 'ccccccccccc',
              displayName: 'Broken one',
              state: 'FAILED',
              failureReason: 'No video stream',
              visibility: 'unlisted',
            },
          ].filter((v) => !(deleted && v.videoKey === 'ccccccccccc')),
        ),
      'PATCH /api/videos/aaaaaaaaaaa': json({}),
      'DELETE /api/videos/ccccccccccc': () => {
        deleted = true;
        return json(undefined, 204);
      },
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <MemoryRouter>
          <MyVideos />
        </MemoryRouter>
      </AuthProvider>,
    );
    expect(await screen.findByRole('link', { name: 'Ready one' })).toHaveAttribute('href', '/watch/aaaaaaaaaaa');
    expect(screen.getByText('Processing')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Processing Busy one' })).toHaveAttribute('value', '40');
    expect(screen.getByText('No video stream')).toBeInTheDocument();
    expect(screen.getByText('Taken down by a moderator: Spam links')).toBeInTheDocument(); // issue 15

    const ready = screen.getByRole('link', { name: 'Ready one' }).closest('li')!;
    await user.click(within(ready).getByRole('button', { name: 'Edit' }));
    await user.clear(within(ready).getByLabelText('Title'));
    await user.type(within(ready).getByLabelText('Title'), 'Renamed');
    await user.selectOptions(within(ready).getByLabelText('Visibility'), 'UNLISTED');
    await user.click(within(ready).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ displayName: 'Renamed', description: '', visibility: 'UNLISTED' });

    const broken = screen.getByText('Broken one').closest('li')!;
    await user.click(within(broken).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete this video?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(broken).getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('“Broken one” was deleted.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Broken one')).toBeNull());
  });
});
