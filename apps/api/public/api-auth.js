// Credentials for the page's calls to /v1: none when the server runs without inbound auth, otherwise a
// short-lived token from POST /dev/page-token (development, DEV_PAGE_TOKENS=true). The same route that
// user-management calls, POST /v1/voice/sessions, then gives the page its single-use socket ticket.

let token;
let expiresAt = 0;

/** The server answered, and said no: trying again would not help (unlike a network error). */
export class RefusedError extends Error {
  refused = true;
}

async function refusal(response) {
  const body = await response.json().catch(() => undefined);
  return new RefusedError(body?.error?.message ?? `The server answered ${response.status}.`);
}

/** A bearer token for /v1, or undefined when the server needs none. A refusal throws RefusedError. */
async function currentToken() {
  if (token === null) return undefined;
  if (token && Date.now() < expiresAt - 10_000) return token;
  const response = await fetch('/dev/page-token', {
    method: 'POST',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw await refusal(response);
  const body = await response.json();
  token = body.token;
  expiresAt = Date.now() + (body.expiresInSeconds ?? 0) * 1000;
  return token ?? undefined;
}

/** fetch() for /v1 paths, with the page's credentials when the server asks for them. */
export async function apiFetch(path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  const bearer = await currentToken();
  if (bearer) headers.set('authorization', `Bearer ${bearer}`);
  return fetch(path, { ...init, headers });
}

/** A single-use ticket for /ws/voice, bound to this interview. A refusal throws RefusedError. */
export async function voiceTicket({ role, experienceLevel, format, durationMinutes }) {
  const response = await apiFetch('/v1/voice/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, experienceLevel, format, durationMinutes }),
  });
  if (!response.ok) throw await refusal(response);
  return (await response.json()).ticket;
}
