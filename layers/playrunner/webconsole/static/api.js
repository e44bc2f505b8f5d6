// The API client: the bearer token lives in this tab's session storage (never a cookie, never
// the URL), and every refusal becomes an ApiError with the API's error_code and error_msg.

const SESSION_KEY = "playrunner.session";
let apiUrl = "";

export async function loadConfig() {
  const answer = await fetch("config.json", { cache: "no-store" });
  const config = await answer.json();
  apiUrl = String(config.apiUrl || "").replace(/\/$/, "");
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
  } catch {
    return null;
  }
}

export function account() {
  return encodeURIComponent(session()?.accountAlias || "");
}

export const enc = encodeURIComponent;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const WHY = {
  400: "The service refused the request as invalid",
  401: "Your session has ended: log in again",
  403: "You are not allowed to do this",
  404: "It does not exist (or is not yours)",
  409: "Not possible in its current state",
  413: "The request is too large",
  429: "Too many requests: try again in a moment",
};

export function explain(error) {
  if (!(error instanceof ApiError)) return `The service could not be reached: ${error.message}`;
  const why = WHY[error.status] || "The service failed";
  return `${why} (${error.status} ${error.code}): ${error.message}`;
}

export async function request(method, path, body, { text = false } = {}) {
  const headers = {};
  const current = session();
  if (current) headers.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const answer = await fetch(apiUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
  });
  if (!answer.ok) {
    let code = `HTTP_${answer.status}`;
    let message = answer.statusText;
    try {
      const error = await answer.json();
      code = error.error_code || code;
      message = error.error_msg || message;
    } catch {
      // not the API's envelope: keep the HTTP status
    }
    if (answer.status === 401 && current && path !== "/authentication/login") {
      sessionStorage.removeItem(SESSION_KEY);
      location.hash = "#/login";
    }
    throw new ApiError(answer.status, code, message);
  }
  if (answer.status === 204) return null;
  if (text) return { text: await answer.text(), headers: answer.headers };
  return answer.json();
}

export async function login(username, password) {
  const found = await request("POST", "/authentication/login", { username, password });
  sessionStorage.setItem(
    SESSION_KEY,
    JSON.stringify({ token: found.bearerToken, accountAlias: found.accountAlias, userName: found.userName }),
  );
  return found;
}

export function logout() {
  sessionStorage.removeItem(SESSION_KEY);
}
