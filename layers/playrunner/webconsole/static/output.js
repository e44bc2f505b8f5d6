// The output: a virtualized view that keeps only the lines in sight (plus a margin) in the
// page, so 100,000 lines scroll as smoothly as 100. Lines come in pages (from the API's stdout
// byte ranges or from events); more are asked for when the reader nears the end.

import { h } from "./dom.js";
import { ansiSpans } from "./ansi.js";

const LINE_PX = 18;
const MARGIN_LINES = 40;

export class OutputView {
  constructor({ label, onNearEnd }) {
    this.lines = [];
    this.partial = "";
    this.onNearEnd = onNearEnd;
    this.follow = true;
    this.spacer = h("div", { class: "out-spacer" });
    this.window = h("div", { class: "out-window" });
    this.el = h(
      "div",
      { class: "output", tabindex: "0", role: "log", "aria-label": label, onscroll: () => this.scrolled() },
      this.spacer,
      this.window,
    );
    this.count = h("span", { class: "out-count" }, "0 lines");
    this.scheduled = false;
  }

  clear() {
    this.lines = [];
    this.partial = "";
    this.render();
  }

  /** Add text that may end mid-line (a byte range of stdout). */
  addText(text, final = false) {
    const parts = (this.partial + text).split("\n");
    this.partial = final ? "" : parts.pop();
    if (final && parts.length && parts[parts.length - 1] === "") parts.pop();
    this.addLines(parts);
  }

  addLines(lines) {
    if (!lines.length) return;
    for (const line of lines) this.lines.push(line);
    this.schedule();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  scrolled() {
    const bottom = this.el.scrollTop + this.el.clientHeight;
    this.follow = bottom >= this.el.scrollHeight - LINE_PX * 2;
    this.render(false);
    if (bottom >= this.el.scrollHeight - LINE_PX * MARGIN_LINES) this.onNearEnd?.();
  }

  render(stick = true) {
    this.count.textContent = `${this.lines.length.toLocaleString()} lines`;
    this.spacer.style.height = `${this.lines.length * LINE_PX}px`;
    if (stick && this.follow) this.el.scrollTop = this.el.scrollHeight;
    const first = Math.max(0, Math.floor(this.el.scrollTop / LINE_PX) - MARGIN_LINES);
    const visible = Math.ceil((this.el.clientHeight || 400) / LINE_PX) + MARGIN_LINES * 2;
    const last = Math.min(this.lines.length, first + visible);
    this.window.style.transform = `translateY(${first * LINE_PX}px)`;
    const rows = [];
    for (let i = first; i < last; i++) {
      const row = h("div", { class: "out-line", "data-line": i + 1 });
      for (const [text, classes] of ansiSpans(this.lines[i])) {
        row.append(classes ? h("span", { class: classes }, text) : text);
      }
      rows.push(row);
    }
    this.window.replaceChildren(...rows);
  }
}
