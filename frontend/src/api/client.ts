// The one way the app talks to the API: JSON in and out, problem+json errors turned into ApiError,
// the access token attached and silently refreshed once on 401, and safe (GET) calls retried with
// backoff on network errors, 5xx and 429.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code || (problem.status === 0 ? 'network' : `http-${problem.status}`);
    this.field = problem.field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Worth trying again later: the network or the server, not the request. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** A friendly sentence for any error, for the UI. */
export function friendlyMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'We could not reach Reelroute. Check your connection and try again.';
    // a 429 of our own with something to say (too-many-pending-uploads) shows it, like a 4xx
    if (error.status === 429 && (error.code === 'rate-limited' || error.code.startsWith('http-')))
      return 'Too many attempts. Please wait a moment and try again.';
    if (error.status === 503) return 'Reelroute is busy or restarting. Please try again in a few seconds.';
    if (error.status >= 500) return 'Something went wrong on our side. Please try again.';
    if (!error.code.startsWith('http-')) return error.message; // the API's own explanation
    if (error.status === 404 || error.status === 405) return 'This server does not offer that yet.';
    return `The request was refused (${error.status}). Please try again.`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'Cancelled.';
  return 'Something unexpected happened. Please try again.';
}

/** Where the client gets and renews tokens; the auth module provides it. */
export interface TokenSource {
  accessToken(): string | null;
  /** Renews the access token; resolves to the new one or null when the session is gone. */
  refresh(): Promise<string | null>;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  auth?: boolean;
  signal?: AbortSignal;
  /** Retries for safe calls; default 3 for GET/HEAD, 0 otherwise. */
  retries?: number;
  headers?: Record<string, string>;
  /** A text body sent as is (e.g. a caption file), instead of a JSON body. */
  text?: { body: string; type: string };
  /** A binary body sent as is (e.g. a thumbnail image). */
  binary?: { body: Blob; type: string };
  /** Sees the response headers of a successful answer (e.g. X-Next-Cursor of a listing). */
  onHeaders?: (headers: Headers) => void;
}

export type Fetch = typeof fetch;

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    });
  });

/** Exponential backoff with jitter: ~300 ms, 600 ms, 1.2 s ... capped at 8 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(8000, 300 * 2 ** attempt);
  return Math.round(base / 2 + (random() * base) / 2);
}

export class ApiClient {
  tokens: TokenSource | null = null;
  private readonly fetchImpl: Fetch;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(fetchImpl?: Fetch, wait = sleep) {
    this.fetchImpl = fetchImpl ?? ((...args) => fetch(...args));
    this.wait = wait;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = (options.method ?? 'GET').toUpperCase();
    const safe = method === 'GET' || method === 'HEAD';
    const retries = options.retries ?? (safe ? 3 : 0);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(path, method, options, true);
      } catch (e) {
        if (!(e instanceof ApiError) || !e.transient || attempt >= retries) throw e;
        const delay = e.retryAfterSeconds ? Math.min(e.retryAfterSeconds * 1000, 10000) : backoffMs(attempt);
        await this.wait(delay, options.signal);
      }
    }
  }

  private async once<T>(path: string, method: string, options: RequestOptions, mayRefresh: boolean): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.text) headers['Content-Type'] = options.text.type;
    if (options.binary) headers['Content-Type'] = options.binary.type;
    const token = options.auth === false ? null : (this.tokens?.accessToken() ?? null);
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method,
        headers,
        body: options.binary
          ? options.binary.body
          : options.text
            ? options.text.body
            : options.body === undefined
              ? undefined
              : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      throw new ApiError({ status: 0, code: 'network', detail: 'Network error' });
    }
    if (response.status === 401 && token && mayRefresh && this.tokens) {
      const renewed = await this.tokens.refresh();
      if (renewed) return this.once<T>(path, method, options, false);
    }
    if (!response.ok) throw await problemOf(response);
    options.onHeaders?.(response.headers);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Where this client gets and renews its access token from now on (the auth module). */
  attachTokens(tokens: TokenSource | null) {
    this.tokens = tokens;
  }

  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return this.request<T>(path, { ...options, method: 'GET' });
  }
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }
  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }
  delete<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }
}

export async function problemOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
  let problem: Problem = { status: response.status };
  try {
    const body = await response.json();
    if (body && typeof body === 'object') problem = { ...body, status: response.status };
  } catch {
    // not JSON: keep the status
  }
  return new ApiError(problem, retryAfter);
}

export const api = new ApiClient();
