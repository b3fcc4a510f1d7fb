import { vi } from 'vitest';

export type Handler = (init: RequestInit & { url: string }) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

export const problem = (status: number, code: string, detail = code) =>
  json({ type: `https://reelroute.io/problems/${code}`, title: 'x', status, code, detail }, status);

const jsonOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text; // a text body (e.g. a caption file)
  }
};

/** A fetch that answers "METHOD /path" (query ignored unless the key has one) from handlers. */
export function fakeFetch(routes: Record<string, Handler | Response | (() => Response)>) {
  const calls: { method: string; url: string; body: unknown; headers: Record<string, string> }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.split('?')[0];
    const body = typeof init.body === 'string' ? jsonOrText(init.body) : undefined;
    calls.push({ method, url, body, headers: (init.headers ?? {}) as Record<string, string> });
    const handler = routes[`${method} ${url}`] ?? routes[`${method} ${path}`];
    if (!handler) return problem(404, 'not-found', `no fake for ${method} ${url}`);
    if (handler instanceof Response) return handler.clone();
    return (handler as Handler)({ ...init, url });
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
