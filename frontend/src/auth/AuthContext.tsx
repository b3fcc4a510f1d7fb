import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api as defaultApi, ApiClient, ApiError } from '../api/client';
import { User } from '../api/types';
import { Session, TokenPair } from './session';

export type AuthStatus = 'loading' | 'anonymous' | 'signed-in' | 'offline';

export interface Auth {
  status: AuthStatus;
  user: User | null;
  api: ApiClient;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  register(email: string, password: string, displayName: string): Promise<void>;
  /**
   * Confirms a sign-up: the server activates only the attempt whose code and password both match.
   * Without {@code password} the one remembered (in memory only) from sign-up or login is sent.
   */
  confirm(email: string, code: string, password?: string): Promise<void>;
  /** Whether a password for this address is held from this visit's sign-up or login. */
  knowsPassword(email: string): boolean;
  /** Remembers (in memory only) the password typed for an address that still needs confirming. */
  rememberPassword(email: string, password: string): void;
  resend(email: string): Promise<void>;
  /** Keeps this session (new token pair); the server signs every other device out. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /**
   * Deletes the account (videos, comments, reactions), calls {@code leave} (e.g. to navigate away
   * from signed-in pages) and ends the session.
   */
  deleteAccount(password: string, leave?: () => void): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function AuthProvider({ children, client = defaultApi }: { children: ReactNode; client?: ApiClient }) {
  const session = useMemo(() => new Session(client), [client]);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    client.attachTokens(session);
    return session.onChange(() => {
      if (!session.hasRefreshToken()) {
        setUser(null);
        setStatus('anonymous');
      }
    });
  }, [client, session]);

  // A reload keeps the session: the stored refresh token buys a new access token.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!session.hasRefreshToken()) {
        setStatus('anonymous');
        return;
      }
      try {
        const token = await session.refresh();
        if (!token) {
          if (!cancelled) setStatus('anonymous');
          return;
        }
        const me = await client.get<User>('/api/me');
        if (!cancelled) {
          setUser(me);
          setStatus('signed-in');
        }
      } catch {
        if (!cancelled) setStatus('offline');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, session, attempt]);

  const login = useCallback(
    async (email: string, password: string) => {
      const pair = await client.post<TokenPair>('/api/auth/login', { email, password }, { auth: false });
      session.store(pair);
      const me = await client.get<User>('/api/me');
      setUser(me);
      setStatus('signed-in');
    },
    [client, session],
  );

  const logout = useCallback(async () => {
    const refreshToken = session.refreshTokenForLogout();
    try {
      await client.post('/api/auth/logout', refreshToken ? { refreshToken } : undefined);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e; // the local session ends anyway
    } finally {
      session.clear();
      setUser(null);
      setStatus('anonymous');
    }
  }, [client, session]);

  // the sign-up password, kept in memory (never stored) so that confirming does not ask again
  const pending = useRef<{ email: string; password: string } | null>(null);
  const rememberPassword = useCallback((email: string, password: string) => {
    pending.current = { email: email.trim().toLowerCase(), password };
  }, []);
  const knowsPassword = useCallback(
    (email: string) => pending.current !== null && pending.current.email === email.trim().toLowerCase(),
    [],
  );
  const register = useCallback(
    async (email: string, password: string, displayName: string) => {
      await client.post('/api/auth/register', { email, password, displayName }, { auth: false });
      rememberPassword(email, password);
    },
    [client, rememberPassword],
  );
  const confirm = useCallback(
    async (email: string, code: string, password?: string) => {
      const known = knowsPassword(email) ? pending.current!.password : '';
      await client.post('/api/auth/confirm-register', { email, code, password: password || known }, { auth: false });
      pending.current = null;
    },
    [client, knowsPassword],
  );
  const resend = useCallback(
    async (email: string) => {
      await client.post('/api/auth/resend-code', { email }, { auth: false });
    },
    [client],
  );
  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      const pair = await client.post<TokenPair>('/api/me/password', { currentPassword, newPassword });
      session.store(pair);
    },
    [client, session],
  );
  const deleteAccount = useCallback(
    async (password: string, leave?: () => void) => {
      await client.post('/api/me/deletion', { password });
      leave?.();
      // let the navigation land before the signed-in pages see the session end (they redirect)
      await new Promise((resolve) => setTimeout(resolve, 0));
      session.clear();
      setUser(null);
      setStatus('anonymous');
    },
    [client, session],
  );
  const retry = useCallback(() => {
    setStatus('loading');
    setAttempt((a) => a + 1);
  }, []);

  const value = useMemo<Auth>(
    () => ({
      status,
      user,
      api: client,
      login,
      logout,
      register,
      confirm,
      knowsPassword,
      rememberPassword,
      resend,
      changePassword,
      deleteAccount,
      retry,
    }),
    [status, user, client, login, logout, register, confirm, knowsPassword, rememberPassword, resend, changePassword, deleteAccount, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** Login answers 403 with a code like "account-unconfirmed" when the email is not confirmed yet. */
export function isUnconfirmed(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && /confirm/i.test(`${error.code} ${error.message}`);
}
