import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';
import { Moderation } from './Moderation';

const report = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  reporterId: 5,
  reporterName: 'Rita',
  targetType: 'video',
  targetId: 'abcdefghijk',
  videoKey: 'abcdefghijk',
  videoTitle: 'Spam video',
  targetOwnerId: 9,
  targetOwnerName: 'Owen',
  targetOwnerHandle: 'owen',
  reason: 'spam',
  text: 'links everywhere',
  excerpt: 'Spam video',
  state: 'open',
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  decidedAt: null,
  outcome: null,
  videoTakenDown: false,
  targetOwnerDisabled: false,
  ...over,
});

function renderPage(routes: Parameters<typeof fakeFetch>[0], role = 'moderator', path = '/moderation') {
  localStorage.clear();
  localStorage.setItem('reelroute.refreshToken', 'r1');
  const fake = fakeFetch({
    'POST /api/auth/refresh': json({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900 }),
    'GET /api/me': json({ id: 1, email: 'mod@example.test', displayName: 'Mo', role }),
    ...routes,
  });
  render(
    <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </AuthProvider>,
  );
  return fake;
}

describe('Moderation page', () => {
  it('lists the open queue and takes a reported video down with a reason', async () => {
    let taken = false;
    const { calls } = renderPage({
      'GET /api/moderation/reports?state=open': () => json({ items: taken ? [] : [report(3)], nextCursor: null }),
      'GET /api/moderation/appeals?state=open': json({ items: [] }),
      'POST /api/moderation/videos/abcdefghijk/takedown': () => {
        taken = true;
        return json({ videoKey: 'abcdefghijk', takenDown: true, reason: 'Spam links' });
      },
    });
    const user = userEvent.setup();
    const item = await screen.findByTestId('report');
    expect(item).toHaveTextContent('Spam or misleading');
    expect(item).toHaveTextContent('Rita: links everywhere');
    expect(within(item).getByRole('link', { name: 'Spam video' })).toHaveAttribute('href', '/watch/abcdefghijk');
    await user.click(within(item).getByRole('button', { name: 'Take down' }));
    const confirm = within(item).getByRole('button', { name: 'Confirm take down' });
    expect(confirm).toBeDisabled(); // a reason first
    await user.type(within(item).getByLabelText(/Reason for/), 'Spam links');
    await user.click(confirm);
    expect(await screen.findByRole('status')).toHaveTextContent('Video taken down.');
    expect(calls.find((c) => c.url.endsWith('/takedown'))!.body).toEqual({ reason: 'Spam links' });
    expect(await screen.findByText('No open reports.')).toBeInTheDocument();
  });

  it('pages through a long queue with the cursor', async () => {
    renderPage({
      'GET /api/moderation/reports?state=open': json({ items: [report(1)], nextCursor: 'c1' }),
      'GET /api/moderation/reports?state=open&cursor=c1': json({ items: [report(2, { videoTitle: 'Second page' })], nextCursor: null }),
      'GET /api/moderation/appeals?state=open': json({ items: [] }),
    });
    const user = userEvent.setup();
    expect(await screen.findAllByTestId('report')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'More reports' }));
    expect(await screen.findByRole('link', { name: 'Second page' })).toBeInTheDocument();
    expect(screen.getAllByTestId('report')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'More reports' })).toBeNull();
  });

  it('deletes a reported comment, rejects a report, and shows what the server refused', async () => {
    const { calls } = renderPage({
      'GET /api/moderation/reports?state=open': json({
        items: [report(4, { targetType: 'comment', targetId: '77', excerpt: 'you are awful' }), report(5)],
        nextCursor: null,
      }),
      'GET /api/moderation/appeals?state=open': json({ items: [] }),
      'DELETE /api/moderation/comments/77': json(undefined, 204),
      'POST /api/moderation/reports/5/reject': problem(409, 'report-decided', 'This report is decided already'),
    });
    const user = userEvent.setup();
    const [comment, video] = await screen.findAllByTestId('report');
    expect(comment).toHaveTextContent('you are awful');
    await user.click(within(comment).getByRole('button', { name: 'Delete comment' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/moderation/comments/77')).toBe(true));
    await user.click(within(video).getByRole('button', { name: 'Reject report' }));
    expect(await within(video).findByRole('alert')).toHaveTextContent('This report is decided already');
  });

  it('shows decided reports by state and restores a video from an appeal', async () => {
    const { calls } = renderPage({
      'GET /api/moderation/reports?state=open': json({ items: [], nextCursor: null }),
      'GET /api/moderation/reports?state=accepted': json({
        items: [report(6, { state: 'accepted', outcome: 'A moderator took down the video', videoTakenDown: true })],
        nextCursor: null,
      }),
      'GET /api/moderation/appeals?state=open': json({
        items: [
          {
            videoKey: 'abcdefghijk',
            userId: 9,
            ownerName: 'Owen',
            videoTitle: 'Spam video',
            takedownReason: 'Spam links',
            text: 'It is not spam',
            state: 'open',
            createdAt: new Date().toISOString(),
            decidedAt: null,
          },
        ],
      }),
      'POST /api/moderation/videos/abcdefghijk/restore': json({ videoKey: 'abcdefghijk', takenDown: false, reason: null }),
    });
    const user = userEvent.setup();
    expect(await screen.findByText('No open reports.')).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Accepted reports' }));
    const item = await screen.findByTestId('report');
    expect(item).toHaveTextContent('taken down');
    expect(within(item).queryByRole('button')).toBeNull(); // decided: no actions
    const appeal = screen.getByTestId('appeal');
    expect(appeal).toHaveTextContent('It is not spam');
    await user.click(within(appeal).getByRole('button', { name: 'Restore video' }));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/moderation/videos/abcdefghijk/restore')).toBe(true));
  });

  it('is linked in the navigation for moderators only, and refused to plain users', async () => {
    renderPage({ 'GET /api/videos?limit=24': json([]) }, 'user', '/moderation');
    expect(await screen.findByText('Not for your account')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Moderation' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('renders standalone with an empty queue', async () => {
    const fake = fakeFetch({
      'GET /api/moderation/reports?state=open': json({ items: [], nextCursor: null }),
      'GET /api/moderation/appeals?state=open': json({ items: [] }),
    });
    render(
      <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
        <MemoryRouter>
          <Moderation />
        </MemoryRouter>
      </AuthProvider>,
    );
    expect(await screen.findByText('No open reports.')).toBeInTheDocument();
    expect(await screen.findByText('No open appeals.')).toBeInTheDocument();
  });
});
