// The API as the dashboard calls it: the read token from sessionStorage, errors as exceptions.
const TOKEN_KEY = 'unstuck.token';

export class AuthError extends Error {}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

async function call(path) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (response.status === 401) throw new AuthError('the API wants a valid read token');
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response;
}

/** GET a JSON document. */
export async function get(path) {
  return (await call(path)).json();
}

/** GET a file as a Blob (evidence files need the token, so they cannot be plain links). */
export async function blob(path) {
  return (await call(path)).blob();
}

/** Whether the server wants a token (`/ui/config.json`, no token needed). */
export async function authRequired() {
  try {
    const response = await fetch('/ui/config.json', { cache: 'no-store' });
    return (await response.json()).auth_required !== false;
  } catch {
    return true;
  }
}

export const enc = encodeURIComponent;
