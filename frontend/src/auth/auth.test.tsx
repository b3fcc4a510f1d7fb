import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../api/client';
import { AppRoutes } from '../App';
import { fakeFetch, json, problem } from '../test-utils';
import { AuthProvider, useAuth } from './AuthContext';
import { Session } from './session';

const noWait = () => Promise.resolve();
const REFRESH_KEY = 'reelroute.refreshToken';

/** The whole app at a path, talking to a fake API. */
function renderApp(fetch: typeof globalThis.fetch, path: string) {
  return render(
    <AuthProvider client={new ApiClient(fetch, noWait)}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
      </MemoryRouter>
    </AuthProvider>,
  );
}

describe('ApiClient', () => {
  it('refreshes an expired access token silently and repeats the call once', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/me': ({ headers }) =>
        (headers as Record<string, string>).Authorization === 'Bearer new'
          ? json({ email: 'a@b.c', displayName: 'A' })
          : problem(401, 'token-expired'),
      'POST /api/auth/refresh': json({ accessToken: 'new', refreshToken: 'r2', expiresIn: 900 }),
    });
    const client = new ApiClient(fetch, noWait);
    const session = new Session(client);
    client.attachTokens(session);
    session.store({ accessToken: 'old', refreshToken: 'r1', expiresIn: 900 });
    const me = await client.get<{ displayName: string }>('/api/me');
    expect(me.displayName).toBe('A');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/me', 'POST /api/auth/refresh', 'GET /api/me']);
    expect(calls[1].body).toEqual({ refreshToken: 'r1' });
    expect(localStorage.getItem(REFRESH_KEY)).toBe('r2');
  });

  it('shares one refresh between concurrent calls (refresh tokens rotate)', async () => {
    let refreshes = 0;
    const { fetch } = fakeFetch({
      'GET /api/a': ({ headers }) =>
        (headers as Record<string, string>).Authorization === 'Bearer new' ? json({}) : problem(401, 'expired'),
      'POST /api/auth/refresh': () => {
        refreshes++;
        return json({ accessToken: 'new', refreshToken: 'r2', expiresIn: 900 });
      },
    });
    const client = new ApiClient(fetch, noWait);
    const session = new Session(client);
    client.attachTokens(session);
    session.store({ accessToken: 'old', refreshToken: 'r1' });
    await Promise.all([client.get('/api/a'), client.get('/api/a'), client.get('/api/a')]);
    expect(refreshes).toBe(1);
  });

  it('ends the session when the refresh token is refused', async () => {
    const { fetch } = fakeFetch({
      'GET /api/me': problem(401, 'token-expired'),
      'POST /api/auth/refresh': problem(401, 'refresh-token-invalid'),
    });
    const client = new ApiClient(fetch, noWait);
    const session = new Session(client);
    client.attachTokens(session);
    session.store({ accessToken: 'old', refreshToken: 'r1' });
    await expect(client.get('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
    expect(session.accessToken()).toBeNull();
  });

  it('retries safe calls with backoff on 503 but never repeats a POST', async () => {
    let gets = 0;
    let posts = 0;
    const { fetch } = fakeFetch({
      'GET /api/videos': () => (++gets < 3 ? problem(503, 'service-unavailable') : json({ items: [] })),
      'POST /api/metadata': () => {
        posts++;
        return problem(503, 'service-unavailable');
      },
    });
    const waits: number[] = [];
    const client = new ApiClient(fetch, async (ms) => {
      waits.push(ms);
    });
    await client.get('/api/videos');
    expect(gets).toBe(3);
    expect(waits).toHaveLength(2);
    await expect(client.post('/api/metadata', {})).rejects.toBeInstanceOf(ApiError);
    expect(posts).toBe(1);
  });
});

function Who() {
  const { status, user } = useAuth();
  return <p>{status === 'signed-in' ? `Hello ${user?.displayName}` : status}</p>;
}

describe('AuthProvider', () => {
  it('keeps the session across a reload through the stored refresh token', async () => {
    localStorage.setItem(REFRESH_KEY, 'r1');
    const { fetch } = fakeFetch({
      'POST /api/auth/refresh': json({ accessToken: 'a', refreshToken: 'r2', expiresIn: 900 }),
      'GET /api/me': json({ email: 'ann@example.com', displayName: 'Ann' }),
    });
    render(
      <AuthProvider client={new ApiClient(fetch, noWait)}>
        <Who />
      </AuthProvider>,
    );
    expect(await screen.findByText('Hello Ann')).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_KEY)).toBe('r2');
  });

  it('signs up, confirms with the code, logs in and out', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/register': json({}, 202),
      'POST /api/auth/confirm-register': json({}),
      'POST /api/auth/login': json({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' }),
      'GET /api/me': json({ email: 'ann@example.com', displayName: 'Ann' }),
      'POST /api/auth/logout': json(undefined, 204),
      'GET /api/videos': json({ items: [] }),
      'GET /api/me/notifications': json({ items: [] }),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/signup');
    await user.type(await screen.findByLabelText('Display name'), 'Ann');
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long pass phrase');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(await screen.findByRole('heading', { name: 'Confirm your email' })).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue('ann@example.com');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.type(screen.getByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    // the password typed at sign-up goes with the code, without asking again
    expect(calls.find((c) => c.url === '/api/auth/confirm-register')!.body).toEqual({
      email: 'ann@example.com',
      code: '123456',
      password: 'a long pass phrase',
    });

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Password'), 'a long pass phrase');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Ann')).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_KEY)).toBe('r');

    await user.click(screen.getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Log in' })).toBeInTheDocument());
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
    expect(calls.find((c) => c.url === '/api/auth/logout')!.body).toEqual({ refreshToken: 'r' });
  });

  it('sends an unconfirmed account to the confirmation page, and explains a wrong password', async () => {
    let attempt = 0;
    const { fetch } = fakeFetch({
      'POST /api/auth/login': () =>
        ++attempt === 1
          ? problem(401, 'invalid-credentials', 'Wrong email or password')
          : problem(403, 'account-unconfirmed', 'Confirm your email first'),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/login');
    await user.type(await screen.findByLabelText('Email'), 'bob@example.com');
    await user.type(screen.getByLabelText('Password'), 'whatever1');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That email and password do not match an account.');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Confirm your email' })).toBeInTheDocument();
  });

  it('asks for the sign-up password when the confirmation page is opened later', async () => {
    let tries = 0;
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/confirm-register': () =>
        ++tries === 1 ? problem(400, 'invalid-code', 'The code is wrong, expired or used up') : json({ status: 'confirmed' }),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/confirm?email=dan%40example.com');
    expect(await screen.findByRole('heading', { name: 'Confirm your email' })).toBeInTheDocument();
    expect(screen.getByText(/with the password you chose when you signed up/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code'), '123456');
    await user.type(screen.getByLabelText('Password'), 'not my phrase');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The code is wrong, expired or used up');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'my own phrase');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Your email is confirmed. Log in to start.')).toBeInTheDocument();
    expect(calls.filter((c) => c.url === '/api/auth/confirm-register').map((c) => c.body)).toEqual([
      { email: 'dan@example.com', code: '123456', password: 'not my phrase' },
      { email: 'dan@example.com', code: '123456', password: 'my own phrase' },
    ]);
  });

  it('confirms after an unconfirmed login with the password just typed', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/login': problem(403, 'account-unconfirmed', 'Confirm your email first'),
      'POST /api/auth/confirm-register': json({ status: 'confirmed' }),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/login');
    await user.type(await screen.findByLabelText('Email'), 'eve@example.com');
    await user.type(screen.getByLabelText('Password'), 'eve pass phrase');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Confirm your email' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.type(screen.getByLabelText('Code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(calls.find((c) => c.url === '/api/auth/confirm-register')?.body).toEqual({
        email: 'eve@example.com',
        code: '654321',
        password: 'eve pass phrase',
      }),
    );
  });

  it('resets a forgotten password with the e-mailed code', async () => {
    let resets = 0;
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/forgot-password': json({ status: 'pending' }, 202),
      'POST /api/auth/reset-password': () =>
        ++resets === 1 ? problem(400, 'invalid-code', 'The code is wrong, expired or used up') : json({ status: 'password-reset' }),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/login');
    await user.type(await screen.findByLabelText('Email'), 'cat@example.com');
    await user.click(screen.getByRole('link', { name: 'Forgot your password?' }));
    expect(await screen.findByRole('heading', { name: 'Reset your password' })).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue('cat@example.com');
    await user.click(screen.getByRole('button', { name: 'Send a code' }));
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Code'), '000000');
    await user.type(screen.getByLabelText('New password'), 'a brand new phrase');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The code is wrong, expired or used up');
    await user.clear(screen.getByLabelText('Code'));
    await user.type(screen.getByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByText('Your password is changed. Log in with the new one.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveValue('cat@example.com');
    const bodies = calls.filter((c) => c.url.startsWith('/api/auth/')).map((c) => `${c.method} ${c.url} ${JSON.stringify(c.body)}`);
    expect(bodies).toEqual([
      'POST /api/auth/forgot-password {"email":"cat@example.com"}',
      'POST /api/auth/reset-password {"email":"cat@example.com","code":"000000","password":"a brand new phrase"}',
      'POST /api/auth/reset-password {"email":"cat@example.com","code":"123456","password":"a brand new phrase"}',
    ]);
  });

  it('changes the password on the account page and keeps this session', async () => {
    localStorage.setItem(REFRESH_KEY, 'r1');
    let changes = 0;
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/refresh': json({ accessToken: 'a', refreshToken: 'r2', expiresIn: 900 }),
      'GET /api/me': json({ email: 'dee@example.com', displayName: 'Dee' }),
      'GET /api/me/notifications': json({ items: [] }),
      'GET /api/me/notification-settings': json({ subscriptionDigest: false, reportOutcomeEmail: true }),
      'POST /api/me/password': () =>
        ++changes === 1
          ? problem(400, 'wrong-password', 'The current password is not right')
          : json({ accessToken: 'a2', refreshToken: 'r3', expiresIn: 900, tokenType: 'Bearer' }),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/me/account');
    expect(await screen.findByRole('heading', { name: 'Your account' })).toBeInTheDocument();
    expect(screen.getByText('dee@example.com')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Current password'), 'not it at all');
    await user.type(screen.getByLabelText('New password'), 'a much better phrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is not right');
    await user.clear(screen.getByLabelText('Current password'));
    await user.type(screen.getByLabelText('Current password'), 'the right one here');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Your other devices are signed out.')).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_KEY)).toBe('r3');
    const change = calls.filter((c) => c.url === '/api/me/password').pop();
    expect(change?.body).toEqual({ currentPassword: 'the right one here', newPassword: 'a much better phrase' });
    expect((change?.headers as Record<string, string>).Authorization).toBe('Bearer a');
  });

  it('deletes the account only with the password and the acknowledgement, then signs out', async () => {
    localStorage.setItem(REFRESH_KEY, 'r1');
    let attempts = 0;
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/refresh': json({ accessToken: 'a', refreshToken: 'r2', expiresIn: 900 }),
      'GET /api/me': json({ email: 'eve@example.com', displayName: 'Eve' }),
      'GET /api/me/notifications': json({ items: [] }),
      'GET /api/me/notification-settings': json({ subscriptionDigest: false, reportOutcomeEmail: true }),
      'GET /api/videos?limit=24': json([]),
      'POST /api/me/deletion': () =>
        ++attempts === 1 ? problem(400, 'wrong-password', 'The password is not right') : json(undefined, 204),
    });
    const user = userEvent.setup();
    renderApp(fetch, '/me/account');
    const button = await screen.findByRole('button', { name: 'Delete my account' });
    expect(button).toBeDisabled();
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('checkbox', { name: /I understand/ }));
    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('The password is not right');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'the real one');
    await user.click(screen.getByRole('button', { name: 'Delete my account' }));
    expect(await screen.findByText('Your account and everything in it were deleted.')).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_KEY)).toBeNull();
    expect(screen.getByRole('link', { name: 'Log in' })).toBeInTheDocument();
    expect(calls.filter((c) => c.url === '/api/me/deletion').map((c) => c.body)).toEqual([
      { password: 'guess' },
      { password: 'the real one' },
    ]);
  });

  it('sends visitors of a signed-in page to log in', async () => {
    const { fetch } = fakeFetch({});
    renderApp(fetch, '/upload');
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
  });
});
