// An execution, live: the host grid fills in from the event stream, the status and the hosts'
// recorded results are re-read now and then, all through one Poller (one request a second at
// most), which stops once the run is final and everything is read.

import { account, enc, explain, request } from "../api.js";
import { duration, h, replace, table, when } from "../dom.js";
import { HostGrid } from "../grid.js";
import { OutputView } from "../output.js";
import { Poller } from "../poller.js";
import { FINAL, failed, heading, notice, statusBadge } from "./common.js";

const EVENTS_PAGE = 1000;
const HOSTS_PAGE = 1000;
const STDOUT_PAGE = 500000;
const ENDED = new Set(["ok", "changed", "failed", "unreachable", "skipped", "not_run"]);
const ESC = "\x1b";
const COLOUR = { ok: "32", changed: "33", failed: "31", unreachable: "31", skipped: "36", ignored: "36", rescued: "32" };

/** An event as Ansible would print it, with Ansible's colours. */
export function eventLine(event) {
  const paint = (code, text) => `${ESC}[0;${code}m${text}${ESC}[0m`;
  const kind = event.event || "";
  if (kind === "playbook_on_play_start") return `PLAY [${event.play || ""}] ${"*".repeat(20)}`;
  if (kind === "playbook_on_task_start") return `TASK [${event.task || ""}] ${"*".repeat(20)}`;
  if (kind === "playbook_on_stats") return `PLAY RECAP ${"*".repeat(20)}`;
  if (!event.host || !event.status) return null;
  const item = kind.startsWith("runner_item_on_") ? " (item)" : "";
  const words = {
    ok: "ok",
    changed: "changed",
    skipped: "skipping",
    failed: "fatal",
    unreachable: "fatal",
    ignored: "...ignoring",
    rescued: "rescued",
  };
  const tail = event.status === "failed" ? ": FAILED!" : event.status === "unreachable" ? ": UNREACHABLE!" : "";
  const summary = event.summary ? ` => ${event.summary}` : "";
  return paint(COLOUR[event.status] || "0", `${words[event.status] || event.status}: [${event.host}]${item}${tail}${summary}`);
}

export async function render(main, jobId, executionId) {
  const base = `/jobs/${account()}/${enc(jobId)}/executions/${enc(executionId)}`;
  // Its status alone: the hosts come a page at a time from .../hosts (read at the same moment).
  const statusPath = `${base}?hostDetails=false`;
  let execution;
  let firstHosts;
  try {
    [execution, firstHosts] = await Promise.all([
      request("GET", statusPath),
      request("GET", `${base}/hosts?size=${HOSTS_PAGE}`),
    ]);
  } catch (error) {
    failed(error);
    main.append(heading("Execution"));
    return null;
  }
  const items = new Map(); // host → its recorded HostResult
  const live = new Map(); // host → its state from this run's events
  const working = new Set(); // the slices of this run whose play is under way
  const events = [];
  let lastSeq = 0;
  let run = Math.max(1, execution.timers?.length || 1);
  let currentTask = "";
  let ticks = 0;
  let final = FINAL.has(execution.status);
  let drained = { events: false, hostsBegun: false, hosts: false, stdout: false, deliveries: false };
  let hostsToken = null;
  let hostsStale = false;
  let stdoutNext = 0;
  let stdoutLoading = false;
  let showingStdout = false;

  const grid = new HostGrid((host) => openHost(host));
  // While the run goes on, the output is its events as Ansible prints them; once it is final,
  // the run's own stdout (written when each slice ends).
  const output = new OutputView({ label: "Output", onNearEnd: () => moreStdout().catch(failed) });
  output.el.dataset.source = "events";
  const status = h("span");
  const facts = h("dl", { class: "facts" });
  const progress = h("progress", { max: "1", value: "0", "aria-label": "Hosts done" });
  const progressText = h("span", { class: "progress-text" });
  const task = h("p", { class: "task", "aria-live": "polite" });
  const counts = h("p", { class: "counts" });
  const answer = h("p", { class: "answer", role: "status", "aria-live": "polite" });
  const hostPanel = h("section", { class: "host-panel card", hidden: true, "aria-label": "Host" });
  const deliveries = h("tbody");
  const timers = h("tbody");

  function stateOf(host) {
    const item = items.get(host);
    if (item && item.state !== "pending") return item.state;
    const seen = live.get(host);
    if (seen === "failed" || seen === "unreachable") return seen;
    if (!final && item && item.run === run && working.has(item.slice ?? 0)) return "running";
    return seen || "pending";
  }

  function paintAll(hosts) {
    for (const host of hosts) grid.set(host, stateOf(host));
    const tally = grid.counts();
    const done = [...ENDED].reduce((sum, state) => sum + (tally[state] || 0), 0);
    const total = Math.max(execution.host_count || grid.cells.size, 1);
    progress.value = done / total;
    progressText.textContent = `${done} of ${total} hosts done`;
    counts.textContent = Object.entries(tally)
      .map(([state, n]) => `${state.replace("_", " ")} ${n}`)
      .join(" · ");
  }

  function showExecution() {
    replace(status, statusBadge(execution.status));
    const commit = execution.repository_log?.recent_commit?.[0];
    const firstStart = execution.timers?.[0]?.start;
    const lastTimer = execution.timers?.[execution.timers.length - 1];
    replace(
      facts,
      [
        ["Status", statusBadge(execution.status)],
        ["Reason", execution.status_reason || "—"],
        ["Launched", `${execution.launch_type}${execution.created_by ? ` by ${execution.created_by}` : ""}`],
        ["Started", when(firstStart)],
        ["Elapsed", duration(lastTimer ? (lastTimer.end || Date.now()) - lastTimer.start : null)],
        ["Commit", commit ? `${commit.commit.slice(0, 12)} ${commit.message || ""}` : "inline playbook"],
        ["Hosts", String(execution.host_count)],
        ["Parameters", (execution.job_params || []).map((p) => `${p.name}=${p.value}`).join(", ") || "—"],
      ].map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    );
    replace(
      timers,
      (execution.timers || []).map((t, i) =>
        h("tr", {}, h("td", {}, String(i + 1)), h("td", {}, when(t.start)), h("td", {}, when(t.end)), h("td", {}, duration((t.end || Date.now()) - t.start))),
      ),
    );
    for (const [name, button] of Object.entries(buttons)) button.disabled = !allowed(name);
    if (FINAL.has(execution.status)) task.textContent = "";
  }

  function allowed(action) {
    const s = execution.status;
    if (action === "restart") return s === "FAILURE";
    if (action === "relaunchAll") return FINAL.has(s);
    if (action === "relaunchFailed") return s === "FAILURE";
    if (action === "stop") return !FINAL.has(s) && s !== "STOPPING" && s !== "KILLING";
    if (action === "kill") return !FINAL.has(s) && s !== "KILLING";
    return true;
  }

  function takeEvents(page) {
    const fresh = [];
    const touched = new Set();
    for (const event of page) {
      lastSeq = Math.max(lastSeq, event.seq);
      events.push(event);
      if (event.run !== run) continue;
      if (event.event === "playbook_on_task_start") {
        currentTask = event.task || "";
        // The hosts of this slice still at work are running it (Ansible tells no per-host start).
        if (!working.has(event.slice ?? 0)) {
          working.add(event.slice ?? 0);
          for (const host of items.keys()) touched.add(host);
        }
      }
      if (event.event === "playbook_on_stats") {
        working.delete(event.slice ?? 0);
        hostsStale = true; // a slice ended: its hosts' results are recorded
      }
      const line = eventLine(event);
      if (line !== null) fresh.push(line);
      if (!event.host) continue;
      const was = live.get(event.host);
      if (event.status === "failed" || event.status === "unreachable") live.set(event.host, event.status);
      else if (was !== "failed" && was !== "unreachable") live.set(event.host, "running");
      touched.add(event.host);
    }
    if (!showingStdout) output.addLines(fresh);
    task.textContent = currentTask && !final ? `Current task: ${currentTask}` : "";
    paintAll(touched);
    if (openedHost && page.some((event) => event.host === openedHost)) openHost(openedHost, false);
  }

  async function fetchEvents() {
    const page = await request("GET", `${base}/events?after=${lastSeq}&limit=${EVENTS_PAGE}`);
    takeEvents(page.events);
    return page.events.length === EVENTS_PAGE;
  }

  async function fetchHosts(given) {
    const token = hostsToken ? `&nextToken=${enc(hostsToken)}` : "";
    const page = given || (await request("GET", `${base}/hosts?size=${HOSTS_PAGE}${token}`));
    for (const item of page.hosts) items.set(item.host, item);
    grid.setHosts(page.hosts.map((item) => item.host));
    paintAll(page.hosts.map((item) => item.host));
    if (openedHost && items.has(openedHost)) openHost(openedHost, false);
    hostsToken = page.next_token || null;
    return hostsToken !== null;
  }

  async function refreshExecution() {
    const fresh = await request("GET", statusPath);
    const runs = Math.max(1, fresh.timers?.length || 1);
    // Its hosts are recorded pending once the run is planned: read them when it starts running.
    if (fresh.status !== execution.status && fresh.status === "RUNNING") hostsStale = true;
    if (runs !== run || (FINAL.has(execution.status) && !FINAL.has(fresh.status))) {
      run = runs; // a restart: its hosts begin again
      live.clear();
      working.clear();
      showingStdout = false;
      output.clear();
      output.el.dataset.source = "events";
      hostsStale = true;
    }
    execution = fresh;
    if (FINAL.has(execution.status) && !final) {
      final = true;
      drained = { events: false, hostsBegun: false, hosts: false, stdout: false, deliveries: false };
    }
    showExecution();
  }

  async function moreStdout() {
    if (!showingStdout || stdoutNext === null || stdoutLoading) return;
    stdoutLoading = true;
    try {
      const page = await request("GET", `${base}/stdout?offset=${stdoutNext}&limit=${STDOUT_PAGE}`, undefined, { text: true });
      const next = page.headers.get("X-Stdout-Next-Offset");
      stdoutNext = next === null ? null : Number(next);
      output.addText(page.text, stdoutNext === null);
    } finally {
      stdoutLoading = false;
    }
  }

  async function loadDeliveries() {
    const page = await request("GET", `${base}/deliveries`);
    replace(
      deliveries,
      page.deliveries.length
        ? page.deliveries.map((d) =>
            h("tr", {}, h("td", {}, when(d.time)), h("td", {}, d.url), h("td", {}, d.type), h("td", {}, String(d.attempt)), h("td", {}, d.status_code ?? "—"), h("td", {}, d.outcome), h("td", {}, d.error || "")),
          )
        : h("tr", {}, h("td", { colspan: "7" }, "No callbacks were sent.")),
    );
  }

  async function tick() {
    if (!final) {
      ticks += 1;
      if (hostsStale) {
        hostsStale = false;
        hostsToken = null;
        if (await fetchHosts()) hostsStale = true;
      } else if (ticks % 3 === 0) await refreshExecution();
      else if (ticks % 10 === 5) {
        hostsToken = null;
        await fetchHosts();
      } else await fetchEvents();
      return true;
    }
    // Final: read what is left, one request a tick, then stop.
    if (!drained.events) {
      drained.events = !(await fetchEvents());
      return true;
    }
    if (!drained.hosts) {
      if (!drained.hostsBegun) {
        drained.hostsBegun = true;
        hostsToken = null;
      }
      drained.hosts = !(await fetchHosts());
      task.textContent = "";
      return true;
    }
    if (!drained.stdout) {
      drained.stdout = true;
      showingStdout = true;
      stdoutNext = 0;
      output.clear();
      output.el.dataset.source = "stdout";
      await moreStdout();
      return true;
    }
    if (!drained.deliveries) {
      drained.deliveries = true;
      await loadDeliveries();
    }
    return false;
  }

  let poller = null;
  function follow() {
    if (poller && !poller.stopped) return;
    poller = new Poller(tick, (error) => failed(error)).start();
  }

  async function act(action, method, path, body, after) {
    answer.textContent = "";
    try {
      const result = await request(method, path, body);
      answer.textContent = `${action}: accepted, status ${result.status}.`;
      after?.(result);
    } catch (error) {
      answer.textContent = `${action}: ${explain(error)}`;
    }
  }

  const buttons = {
    restart: h("button", { type: "button", onclick: () => act("Restart failed hosts", "POST", `${base}/restart`, {}, restarted) }, "Restart failed hosts"),
    relaunchAll: h("button", { type: "button", onclick: () => act("Relaunch all", "POST", `${base}/relaunch`, { hosts: "all" }, relaunched) }, "Relaunch all"),
    relaunchFailed: h("button", { type: "button", onclick: () => act("Relaunch failed", "POST", `${base}/relaunch`, { hosts: "failed" }, relaunched) }, "Relaunch failed"),
    stop: h("button", { type: "button", onclick: () => act("Stop", "POST", `${base}/stop`, {}, changed) }, "Stop"),
    kill: h("button", { type: "button", class: "danger", onclick: () => act("Kill", "POST", `${base}/kill`, undefined, changed) }, "Kill"),
  };

  function changed(result) {
    execution = result;
    showExecution();
  }

  function restarted(result) {
    changed(result);
    final = false;
    follow();
  }

  function relaunched(result) {
    location.hash = `#/jobs/${enc(jobId)}/executions/${enc(result.execution_id)}`;
  }

  let openedHost = null;
  function openHost(host, focus = true) {
    openedHost = host;
    const item = items.get(host);
    const mine = events.filter((event) => event.host === host);
    replace(
      hostPanel,
      h("h2", { tabindex: "-1" }, host),
      h("button", { type: "button", class: "close", onclick: closeHost, "aria-label": "Close host" }, "×"),
      h("p", {}, `State: ${stateOf(host).replace("_", " ")}`),
      item?.reason ? h("p", {}, `Reason: ${item.reason}`) : null,
      item ? h("p", {}, Object.entries(item.summary || {}).map(([k, v]) => `${k} ${v}`).join(" · ")) : null,
      table(
        ["#", "Run", "Task", "Event", "Status", "Result"],
        mine.map((e) => h("tr", {}, h("td", {}, String(e.seq)), h("td", {}, String(e.run)), h("td", {}, e.task || ""), h("td", {}, e.event), h("td", {}, e.status || ""), h("td", {}, e.summary || ""))),
        `Events of ${host}`,
      ),
    );
    hostPanel.hidden = false;
    if (focus) hostPanel.querySelector("h2").focus();
  }
  function closeHost() {
    hostPanel.hidden = true;
    openedHost = null;
  }
  hostPanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeHost();
  });

  const runsTable = table(["Run", "Started", "Ended", "Took"], []);
  runsTable.querySelector("tbody").replaceWith(timers);
  const deliveryTable = table(["Time", "URL", "Type", "Attempt", "HTTP", "Outcome", "Error"], []);
  deliveryTable.querySelector("tbody").replaceWith(deliveries);

  main.append(
    heading(`Execution ${executionId} `, status),
    h("div", { class: "actions", role: "group", "aria-label": "Actions" }, Object.values(buttons)),
    answer,
    h("section", {}, h("h2", {}, "Run"), facts, runsTable),
    h("section", { class: "hosts" }, h("h2", {}, "Hosts"), h("div", { class: "progress" }, progress, progressText), task, counts, grid.legend, grid.el),
    hostPanel,
    h("section", {}, h("h2", {}, "Output ", output.count), output.el),
    h("section", {}, h("h2", {}, "Callback deliveries"), deliveryTable, h("button", { type: "button", onclick: () => loadDeliveries().catch(failed) }, "Refresh deliveries")),
  );
  showExecution();
  try {
    if (await fetchHosts(firstHosts)) while (await fetchHosts());
  } catch (error) {
    failed(error);
  }
  paintAll([...grid.cells.keys()]);
  performance.mark("playrunner:grid"); // every host is in the grid (the browser tests time it)
  follow();
  return {
    dispose() {
      poller?.stop();
    },
  };
}
