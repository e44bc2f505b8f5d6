import { explain } from "../api.js";
import { h } from "../dom.js";

export function notice(message, kind = "info") {
  const el = document.getElementById("notice");
  el.className = `notice ${kind}`;
  el.textContent = message;
}

export function failed(error) {
  notice(explain(error), "error");
}

export const FINAL = new Set(["SUCCESS", "FAILURE", "STOPPED", "KILLED"]);

export function statusBadge(status) {
  const word = status || "—";
  return h("span", { class: `badge b-${String(word).toLowerCase()}` }, word);
}

export function heading(text, ...rest) {
  const el = h("h1", { tabindex: "-1" }, text, ...rest);
  queueMicrotask(() => el.focus());
  return el;
}
