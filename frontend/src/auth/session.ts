import { ApiClient, ApiError, TokenSource } from '../api/client';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn?: number;
  tokenType?: string;
}

const REFRESH_KEY = 'reelroute.refreshToken';

/**
 * Holds the session's tokens: the access token in memory, the refresh token in localStorage so the
 * session survives a reload. Refreshes are single-flight in a tab and serialised across tabs
 * (Web Locks where available), always using the newest stored refresh token, because refresh tokens
 * rotate and presenting a spent one revokes the whole session.
 */
export class Session implements TokenSource {
  private access: string | null = null;
  private accessExpiresAt = 0;
  private inflight: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: ApiClient,
    private readonly storage: Storage = localStorage,
    private readonly now: () => number = Date.now,
  ) {}

  hasRefreshToken(): boolean {
    return !!this.storage.getItem(REFRESH_KEY);
  }

  accessToken(): string | null {
    return this.access;
  }

  /** True when the access token is missing or expires within 30 s. */
  needsRefresh(): boolean {
    return !this.access || this.now() > this.accessExpiresAt - 30_000;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  store(pair: TokenPair) {
    this.access = pair.accessToken;
    this.accessExpiresAt = this.now() + (pair.expiresIn ?? 900) * 1000;
    this.storage.setItem(REFRESH_KEY, pair.refreshToken);
    this.schedule(pair.expiresIn ?? 900);
  }

  clear() {
    this.access = null;
    this.accessExpiresAt = 0;
    this.storage.removeItem(REFRESH_KEY);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.forEach((l) => l());
  }

  /** Renews the access token silently a little before it expires. */
  private schedule(expiresIn: number) {
    if (this.timer) clearTimeout(this.timer);
    const ms = Math.max(5_000, (expiresIn - 60) * 1000);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), ms);
  }

  refresh(): Promise<string | null> {
    if (!this.inflight) {
      this.inflight = this.withLock(() => this.doRefresh()).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator).locks : undefined;
    if (locks?.request) return locks.request('reelroute-refresh', task) as Promise<T>;
    return task();
  }

  private async doRefresh(): Promise<string | null> {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    if (!refreshToken) {
      this.access = null;
      return null;
    }
    try {
      const pair = await this.client.request<TokenPair>('/api/auth/refresh', {
        method: 'POST',
        body: { refreshToken },
        auth: false,
        retries: 0,
      });
      this.store(pair);
      return pair.accessToken;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 401 || e.status === 403)) {
        this.clear(); // the session is over: sign in again
        return null;
      }
      throw e; // network or server trouble: keep the session and let the caller retry
    }
  }

  refreshTokenForLogout(): string | null {
    return this.storage.getItem(REFRESH_KEY);
  }
}
