import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';

const member = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  email: `u${id}@example.test`,
  displayName: `User ${id}`,
  handle: `user-${id}`,
  role: 'user',
  status: 'ACTIVE',
  disabledReason: null,
  quotas: { storageBytes: null, dailyUploadBytes: null },
  createdAt: new Date(Date.now() - 86_400_000).toISOString(),
  ...over,
});

function renderAdmin(routes: Parameters<typeof fakeFetch>[0], role = 'admin') {
  localStorage.clear();
  localStorage.setItem('reelroute.refreshToken', 'r1');
  const fake = fakeFetch({
    'POST /api/auth/refresh': json({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900 }),
    'GET /api/me': json({ id: 1, email: 'admin@example.test', displayName: 'Ada', role }),
    'GET /api/moderation/reports?state=open': json({ items: [], nextCursor: null }),
    'GET /api/moderation/appeals?state=open': json({ items: [] }),
    ...routes,
  });
  render(
    <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
      <MemoryRouter initialEntries={['/admin']}>
        <AppRoutes />
      </MemoryRouter>
    </AuthProvider>,
  );
  return fake;
}

describe('Admin page', () => {
  it('grants moderator, disables with a reason and enables, linked in the nav for admins', async () => {
    let users = [member(1, { role: 'admin', email: 'admin@example.test' }), member(2)];
    const { calls } = renderAdmin({
      'GET /api/admin/users': () => json({ items: users, nextCursor: null }),
      'GET /api/admin/audit': json({
        items: [
          {
            id: 1,
            actorId: 1,
            actorEmail: 'admin@example.test',
            action: 'video.takedown',
            targetType: 'video',
            targetId: 'abcdefghijk',
            detail: 'Spam links',
            createdAt: new Date().toISOString(),
          },
        ],
        nextCursor: null,
      }),
      'PUT /api/admin/users/2/role': () => {
        users = [users[0], member(2, { role: 'moderator' })];
        return json(users[1]);
      },
      'POST /api/moderation/users/2/disable': () => {
        users = [users[0], member(2, { role: 'moderator', status: 'DISABLED', disabledReason: 'spam' })];
        return json({ userId: 2, status: 'DISABLED' });
      },
      'POST /api/admin/users/2/enable': () => {
        users = [users[0], member(2, { role: 'moderator' })];
        return json(users[1]);
      },
    });
    const user = userEvent.setup();
    expect(await screen.findByRole('link', { name: 'Admin' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Moderation' })).toBeInTheDocument();
    expect(await screen.findByText('Spam links', { exact: false })).toBeInTheDocument();
    const rows = await screen.findAllByTestId('member');
    expect(within(rows[0]).queryByRole('button', { name: /Disable/ })).toBeNull(); // an admin, oneself
    await user.click(within(rows[1]).getByRole('button', { name: 'Make moderator: User 2' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ role: 'moderator' }));
    const row = await screen.findByRole('button', { name: 'Revoke moderator: User 2' });
    const tr = row.closest('tr')!;
    await user.click(within(tr).getByRole('button', { name: 'Disable User 2' }));
    await user.type(within(tr).getByLabelText('Reason'), 'spam');
    await user.click(within(tr).getByRole('button', { name: 'Confirm disable' }));
    expect(await screen.findByText('disabled: spam')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Enable User 2' }));
    await waitFor(() => expect(calls.some((c) => c.url === '/api/admin/users/2/enable')).toBe(true));
  });

  it('sets quotas in MiB (empty = default, -1 = unlimited) and refuses text', async () => {
    const { calls } = renderAdmin({
      'GET /api/admin/users': json({ items: [member(3)], nextCursor: null }),
      'GET /api/admin/audit': json({ items: [], nextCursor: null }),
      'PUT /api/admin/users/3/quotas': json(member(3, { quotas: { storageBytes: 104857600, dailyUploadBytes: -1 } })),
    });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Quotas of User 3' });
    await user.type(within(form).getByLabelText('Storage (MiB)'), 'lots');
    await user.click(within(form).getByRole('button', { name: 'Save quotas' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('numbers of MiB');
    await user.clear(within(form).getByLabelText('Storage (MiB)'));
    await user.type(within(form).getByLabelText('Storage (MiB)'), '100');
    await user.type(within(form).getByLabelText('Daily upload (MiB)'), '-1');
    await user.click(within(form).getByRole('button', { name: 'Save quotas' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ storageBytes: 104857600, dailyUploadBytes: -1 }));
  });

  it('is not shown to moderators', async () => {
    renderAdmin({}, 'moderator');
    expect(await screen.findByText('Not for your account')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Moderation' })).toBeInTheDocument();
  });
});
