// A workflow run: its graph (tasks in columns by their distance from the start, an arrow per
// transition), each task's state live, its errors, and resume / cancel.

import { account, enc, explain, request } from "../api.js";
import { h, replace, table, when } from "../dom.js";
import { Poller } from "../poller.js";
import { failed, heading, statusBadge } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";
const ENDED_RUN = new Set(["complete", "error", "canceled"]);
const MARK = { pending: "·", running: "▶", succeeded: "✓", failed: "✗", errored: "!", reused: "↺", canceled: "■", not_run: "–" };
const NODE_W = 180;
const NODE_H = 56;
const GAP_X = 80;
const GAP_Y = 24;

/** Columns of task ids: breadth first from the start, the error handler last. */
export function layers(workflow) {
  const depth = new Map([[workflow.start, 0]]);
  const queue = [workflow.start];
  while (queue.length) {
    const task = queue.shift();
    const t = workflow.tasks[task]?.transitions || {};
    for (const next of [...(t.success || []), ...(t.failure || []), ...(t.error || [])]) {
      if (!depth.has(next)) {
        depth.set(next, depth.get(task) + 1);
        queue.push(next);
      }
    }
  }
  let deepest = Math.max(...depth.values());
  for (const task of Object.keys(workflow.tasks)) if (!depth.has(task)) depth.set(task, ++deepest);
  const columns = [];
  for (const [task, d] of depth) (columns[d] ||= []).push(task);
  return columns.filter(Boolean);
}

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function graph(workflow, run) {
  const columns = layers(workflow);
  const at = new Map();
  columns.forEach((column, x) => column.forEach((task, y) => at.set(task, { x: x * (NODE_W + GAP_X) + 10, y: y * (NODE_H + GAP_Y) + 10 })));
  const width = columns.length * (NODE_W + GAP_X);
  const height = Math.max(...columns.map((c) => c.length)) * (NODE_H + GAP_Y) + 20;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "Workflow graph", class: "wf-graph" });
  const defs = svg("defs", {});
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" });
  marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "wf-arrow" }));
  defs.append(marker);
  root.append(defs);
  for (const [task, spec] of Object.entries(workflow.tasks)) {
    for (const kind of ["success", "failure", "error"]) {
      for (const next of spec.transitions?.[kind] || []) {
        const a = at.get(task);
        const b = at.get(next);
        if (!a || !b) continue;
        const x1 = a.x + NODE_W;
        const y1 = a.y + NODE_H / 2;
        const x2 = b.x;
        const y2 = b.y + NODE_H / 2;
        root.append(svg("path", { d: `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x2 - 40} ${y2}, ${x2} ${y2}`, class: `wf-edge e-${kind}`, "marker-end": "url(#arrow)" }));
        root.append(svg("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 4, class: "wf-edge-label" }, kind));
      }
    }
  }
  for (const [task, { x, y }] of at) {
    const state = run.tasks?.[task]?.status || "pending";
    const g = svg("g", { class: `wf-node t-${state}`, "data-task": task, "data-state": state });
    g.append(svg("rect", { x, y, width: NODE_W, height: NODE_H, rx: 8 }));
    g.append(svg("text", { x: x + 10, y: y + 22, class: "wf-name" }, `${MARK[state] || "?"} ${task}`));
    g.append(svg("text", { x: x + 10, y: y + 42, class: "wf-state" }, state.replace("_", " ")));
    g.append(svg("title", {}, `${task}: ${state}`));
    root.append(g);
  }
  return root;
}

export async function render(main, runId) {
  const base = `/workflows/${account()}/runs/${enc(runId)}`;
  let run;
  let workflow;
  try {
    run = await request("GET", base);
    workflow = await request("GET", `/workflows/${account()}/${enc(run.workflow)}`);
  } catch (error) {
    failed(error);
    main.append(heading("Workflow run"));
    return null;
  }
  const status = h("span");
  const picture = h("div", { class: "wf-picture" });
  const tasks = h("tbody");
  const errors = h("tbody");
  const answer = h("p", { class: "answer", role: "status", "aria-live": "polite" });
  const show = () => {
    replace(status, statusBadge(run.status));
    replace(picture, graph(workflow, run));
    replace(
      tasks,
      Object.values(run.tasks).map((t) => {
        const last = t.executions[t.executions.length - 1];
        return h(
          "tr",
          { "data-task": t.task },
          h("td", {}, t.task),
          h("td", {}, `${MARK[t.status] || ""} ${t.status.replace("_", " ")}`),
          h("td", {}, last ? h("a", { href: `#/jobs/${enc(t.job_id)}/executions/${enc(last)}` }, last) : "—"),
        );
      }),
    );
    replace(
      errors,
      run.errors.length
        ? run.errors.map((e) => h("tr", {}, h("td", {}, when(e.timestamp)), h("td", {}, e.task || "the run"), h("td", {}, e.message)))
        : h("tr", {}, h("td", { colspan: "3" }, "No errors.")),
    );
    resume.disabled = run.status !== "error" && run.status !== "canceled";
    cancel.disabled = ENDED_RUN.has(run.status);
  };
  let poller = null;
  const follow = () => {
    if (poller && !poller.stopped) return;
    poller = new Poller(async () => {
      run = await request("GET", base);
      show();
      return !ENDED_RUN.has(run.status);
    }, failed).start();
  };
  const act = async (name, path) => {
    try {
      const result = await request("POST", `${base}/${path}`, {});
      answer.textContent = `${name}: accepted.`;
      run = result.data || result;
      show();
      follow();
    } catch (error) {
      answer.textContent = `${name}: ${explain(error)}`;
    }
  };
  const resume = h("button", { type: "button", onclick: () => act("Resume", "resume") }, "Resume");
  const cancel = h("button", { type: "button", class: "danger", onclick: () => act("Cancel", "cancel") }, "Cancel");
  const taskTable = table(["Task", "State", "Execution"], []);
  taskTable.querySelector("tbody").replaceWith(tasks);
  const errorTable = table(["Time", "Task", "Error"], []);
  errorTable.querySelector("tbody").replaceWith(errors);
  main.append(
    heading(`Workflow run ${run.workflow} `, status),
    h("div", { class: "actions" }, resume, cancel),
    answer,
    h("section", {}, h("h2", {}, "Graph"), picture),
    h("section", {}, h("h2", {}, "Tasks"), taskTable),
    h("section", {}, h("h2", {}, "Errors"), errorTable),
  );
  show();
  follow();
  return { dispose: () => poller?.stop() };
}
