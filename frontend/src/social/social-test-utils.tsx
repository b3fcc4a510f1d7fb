import { render } from '@testing-library/react';
import { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, Handler, json } from '../test-utils';

/** Renders a page with a fake API; signed in as Ann (user 1) unless anonymous. */
export function renderWith(
  routes: Record<string, Handler | Response | (() => Response)>,
  ui: ReactNode,
  { signedIn = true, path = '/', at = '/' }: { signedIn?: boolean; path?: string; at?: string } = {},
) {
  localStorage.clear();
  if (signedIn) localStorage.setItem('reelroute.refreshToken', 'r1');
  const fake = fakeFetch({
    'POST /api/auth/refresh': json({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900 }),
    'GET /api/me': json({ id: 1, email: 'ann@example.test', displayName: 'Ann' }),
    ...routes,
  });
  render(
    <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
      <MemoryRouter initialEntries={[at]}>
        <Routes>
          <Route path={path} element={ui} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
  return fake;
}

export const comment = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  videoKey: 'abcdefghijk',
  parentId: null,
  body: `Comment ${id}`,
  author: { handle: `user-${id}`, displayName: `User ${id}` },
  createdAt: new Date(Date.now() - 120_000).toISOString(),
  editedAt: null,
  replyCount: 0,
  mine: false,
  canDelete: false,
  ...over,
});
