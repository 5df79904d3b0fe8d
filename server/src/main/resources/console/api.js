// The console's only way to the server: the public JSON API, with the session token of
// POST /v1/auth/sign-in as a bearer header. The token lives in this tab's sessionStorage and is
// never put in a cookie, so no other site can make the browser send it (no CSRF), and requests
// are sent with credentials 'omit' so nothing ambient travels either.
import {t} from './i18n.js';

const KEY = 'renkei.console.session';

/** The stored session, or null when none or expired. */
export function session() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (stored && stored.token && stored.expiresAt > Date.now()) {
      return stored;
    }
  } catch (ignored) {
    // unreadable: treat as signed out
  }
  sessionStorage.removeItem(KEY);
  return null;
}

export function storeSession(signInResponse) {
  sessionStorage.setItem(KEY, JSON.stringify({
    token: signInResponse.access_token,
    // A little early, so a call never leaves with a token that expires on the way.
    expiresAt: Date.now() + (signInResponse.expires_in - 10) * 1000,
  }));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** A failed API call: the HTTP status and the RFC 9457 problem (type shortened to its last segment). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || String(status));
    this.status = status;
    this.problem = problem;
    this.code = (problem.type || '').split('/').pop();
  }

  /** A message for the page, in the page's language where the problem type is known. */
  describe() {
    if (this.code === 'validation-failed') {
      const errors = (this.problem.errors || []).map((e) => `${e.pointer} ${e.reason}`).join(', ');
      return t('problem.validation-failed', errors || this.problem.detail || '');
    }
    const key = 'problem.' + this.code;
    const text = t(key);
    return text === key ? t('problem.other', this.problem.detail || this.problem.title || this.status) : text;
  }
}

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function toSignIn(reason) {
  const next = location.pathname + location.search;
  location.assign('/console/sign-in?next=' + encodeURIComponent(next) + (reason ? '&reason=' + reason : ''));
}

/**
 * Calls the API. Resolves with the parsed JSON body (null for 204); rejects with ApiError. A 401
 * with a stored session means the session ended: the browser goes to sign-in and comes back.
 */
export async function api(method, path, body, headers = {}) {
  const current = session();
  const request = {method, headers: {Accept: 'application/json, application/problem+json', ...headers}, credentials: 'omit', cache: 'no-store'};
  if (current) {
    request.headers.Authorization = 'Bearer ' + current.token;
  }
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, request);
  } catch (e) {
    throw new ApiError(0, {title: t('problem.network'), type: 'network'});
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = {title: text.substring(0, 200)};
    }
  }
  if (response.ok) {
    return parsed;
  }
  const error = new ApiError(response.status, parsed || {});
  if (response.status === 401 && path !== '/v1/auth/sign-in') {
    signOut();
    toSignIn(current ? 'expired' : 'needed');
  }
  throw error;
}

/** A query string from an object; arrays repeat the name, empty values are left out. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && one !== '') {
        search.append(name, String(one));
      }
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/** A random UUID for Idempotency-Key (crypto.randomUUID needs a secure context; this does not). */
export function randomUuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
