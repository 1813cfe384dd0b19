/**
 * The one HTTP client of the web app: JSON in and out, the CSRF header on unsafe methods, and every
 * `{error:{code,message,field,details}}` answer turned into an ApiError the pages can show.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
    /** translatable values: `rule` names the check; see web/src/i18n/errors.ts */
    readonly params?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const BASE = "/api/v1";
let csrfToken: string | null = null;

/** Remembers the CSRF token from the login or /auth/me answer (the cookie is the fallback). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function csrfFromCookie(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)jindou_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

export type Params = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

/** "?a=1&b=x" from the defined, non-empty params; arrays repeat the key. */
export function query(params?: Params): string {
  if (!params) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, String(x));
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** a raw body (file upload) instead of JSON */
  rawBody?: BodyInit;
  signal?: AbortSignal;
}

/** Listeners told when the session has ended (401), so the shell can go back to the login page. */
const unauthenticated = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticated.add(fn);
  return () => unauthenticated.delete(fn);
}

/**
 * Responses the early script (see web/vite.config.ts) started while the HTML was parsed, keyed by path + query.
 * A GET for exactly that URL in the first seconds takes it (once) instead of asking again.
 */
const EARLY_MS = 10_000;
function takeEarly(method: string, path: string): Promise<Response> | undefined {
  if (method !== "GET" || typeof window === "undefined") return undefined;
  const early = (window as { __jdEarly?: Record<string, Promise<Response> | undefined> }).__jdEarly;
  const pending = early?.[path];
  if (!pending) return undefined;
  delete early![path];
  return performance.now() < EARLY_MS ? pending : undefined;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (method !== "GET" && method !== "HEAD") {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers["x-csrf-token"] = token;
  }
  let payload: BodyInit | undefined = opts.rawBody;
  if (payload === undefined && body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    const early = opts.signal || opts.headers ? undefined : takeEarly(method, path);
    res = await (early ?? fetch(BASE + path, { method, headers, body: payload, credentials: "same-origin", signal: opts.signal }));
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK", "network error: the server did not answer");
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; field?: string; details?: unknown; params?: Record<string, unknown> } } | null)?.error;
    if (res.status === 401 && !path.startsWith("/auth/login")) for (const fn of unauthenticated) fn();
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? (res.statusText || `HTTP ${res.status}`),
      err?.field,
      err?.details,
      err?.params,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, params?: Params, opts?: RequestOptions) => request<T>("GET", path + query(params), undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("POST", path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body ?? {}),
  del: <T>(path: string) => request<T>("DELETE", path),
};

/** A download link for an export (the session cookie authorises the GET). */
export const downloadUrl = (path: string, params?: Params) => BASE + path + query(params);

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
