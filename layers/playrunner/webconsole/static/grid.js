// The host grid: one cell per host, coloured by its state and marked with a letter, so colour
// is never the only carrier. One tab stop for the whole grid; arrow keys move between cells,
// Enter or a click opens a host.

import { h } from "./dom.js";

export const STATES = {
  pending: { letter: "·", label: "pending" },
  running: { letter: "R", label: "running" },
  ok: { letter: "O", label: "ok" },
  changed: { letter: "C", label: "changed" },
  failed: { letter: "F", label: "failed" },
  unreachable: { letter: "U", label: "unreachable" },
  skipped: { letter: "S", label: "skipped" },
  not_run: { letter: "N", label: "not run" },
};

export class HostGrid {
  constructor(onOpen) {
    this.onOpen = onOpen;
    this.cells = new Map();
    this.states = new Map();
    this.focused = 0;
    this.el = h("div", { class: "grid", role: "group", "aria-label": "Hosts", onkeydown: (e) => this.key(e) });
    this.legend = h(
      "ul",
      { class: "legend", "aria-label": "Legend" },
      Object.entries(STATES).map(([state, { letter, label }]) =>
        h("li", {}, h("span", { class: `cell s-${state}`, "aria-hidden": "true" }, letter), ` ${label}`),
      ),
    );
  }

  setHosts(hosts) {
    const fresh = hosts.filter((host) => !this.cells.has(host));
    const cells = fresh.map((host) => {
      const cell = h("button", {
        type: "button",
        class: "cell s-pending",
        tabindex: this.cells.size === 0 ? "0" : "-1",
        "data-host": host,
        onclick: () => this.onOpen(host),
      });
      this.cells.set(host, cell);
      this.paint(host, "pending");
      return cell;
    });
    if (cells.length) this.el.append(...cells);
  }

  set(host, state) {
    if (!this.cells.has(host)) this.setHosts([host]);
    if (this.states.get(host) !== state) this.paint(host, state);
  }

  paint(host, state) {
    const cell = this.cells.get(host);
    const { letter, label } = STATES[state] || STATES.pending;
    this.states.set(host, state);
    cell.className = `cell s-${state}`;
    cell.textContent = letter;
    cell.dataset.state = state;
    cell.setAttribute("aria-label", `${host}: ${label}`);
    cell.title = `${host}: ${label}`;
  }

  key(event) {
    const cells = [...this.cells.values()];
    if (!cells.length) return;
    const perRow = Math.max(1, Math.round(this.el.clientWidth / (cells[0].offsetWidth + 2)));
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow, Home: -1e9, End: 1e9 }[
      event.key
    ];
    if (step === undefined) return;
    event.preventDefault();
    const current = cells.indexOf(document.activeElement);
    const next = Math.min(cells.length - 1, Math.max(0, (current < 0 ? 0 : current) + step));
    cells.forEach((cell, i) => cell.setAttribute("tabindex", i === next ? "0" : "-1"));
    cells[next].focus();
  }

  counts() {
    const counts = {};
    for (const state of this.states.values()) counts[state] = (counts[state] || 0) + 1;
    return counts;
  }
}
