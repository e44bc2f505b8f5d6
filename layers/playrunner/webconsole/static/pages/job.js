import { account, enc, request } from "../api.js";
import { field, h, link, replace, table, when } from "../dom.js";
import { failed, heading, statusBadge } from "./common.js";

const SECRET = "$encrypted$";
const HOSTS_SHOWN = 200;

function secret(value) {
  return value ? "set" : "not set";
}

function decode(playbook) {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(playbook), (c) => c.charCodeAt(0)));
  } catch {
    return "(not readable)";
  }
}

function definition(job) {
  const rows = [
    ["Id", job.id],
    ["Description", job.description || "—"],
    ["Source", job.repository ? `${job.repository.url} (${job.repository.branch || "default branch"}), ${job.repository.defaultPlaybook}` : "inline playbook"],
    ["Repository credentials", job.repository?.credentials ? secret(job.repository.credentials.password === SECRET || job.repository.credentials.sshPrivateKey === SECRET) : "none"],
    ["Default SSH key", secret(job.sshPrivateKey === SECRET)],
    ["Tags", (job.playbookTags || []).join(", ") || "—"],
    ["Properties", JSON.stringify(job.properties || {})],
    ["Execution TTL", `${job.executionTtl} minutes`],
    ["Slices", `${job.sliceSize} hosts each, ${job.maxConcurrency} at once`],
    ["Callbacks", (job.callbacks || []).map((c) => `${c.url} (${c.level})`).join(", ") || "none"],
    ["Created", when(job.createdTime)],
    ["Last updated", when(job.lastUpdatedTime)],
  ];
  return h("dl", { class: "facts" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function startForm(job) {
  const inputs = (job.parameters || []).map((p) => {
    const input = h("input", { name: p.name, value: p.default ?? "", required: p.required || undefined });
    return [p, input];
  });
  const form = h(
    "form",
    {
      class: "card",
      "aria-label": "Start",
      onsubmit: async (event) => {
        event.preventDefault();
        const jobParams = inputs.map(([p, input]) => ({ name: p.name, value: input.value }));
        try {
          const started = await request("POST", `/jobs/${account()}/${enc(job.id)}/start`, { jobParams });
          location.hash = `#/jobs/${enc(job.id)}/executions/${enc(started.execution_id)}`;
        } catch (error) {
          failed(error);
        }
      },
    },
    h("h2", {}, "Start"),
    inputs.map(([p, input]) => field(p.required ? `${p.name} (required)` : p.name, input, p.description)),
    inputs.length ? null : h("p", {}, "This job declares no parameters."),
    h("button", { type: "submit" }, "Start"),
  );
  return form;
}

export async function render(main, jobId) {
  let job;
  try {
    job = await request("GET", `/jobs/${account()}/${enc(jobId)}`);
  } catch (error) {
    failed(error);
    main.append(heading("Job"));
    return;
  }
  const hosts = job.hosts || [];
  const executions = h("tbody");
  const schedules = h("tbody");
  main.append(
    heading(job.description || job.id),
    startForm(job),
    h("section", {}, h("h2", {}, "Recent executions"), wrap(["Execution", "Status", "Launch", "Started"], executions)),
    h("section", {}, h("h2", {}, "Definition"), definition(job)),
    job.playbook ? h("details", {}, h("summary", {}, "Playbook"), h("pre", { class: "code" }, decode(job.playbook))) : null,
    h(
      "section",
      {},
      h("h2", {}, `Hosts (${job.hostCount ?? hosts.length})`),
      table(
        ["Host", "Variables", "SSH key"],
        hosts.slice(0, HOSTS_SHOWN).map((host) =>
          h("tr", {}, h("td", {}, host.id), h("td", {}, JSON.stringify(host.hostVars || {})), h("td", {}, secret(host.sshPrivateKey === SECRET))),
        ),
      ),
      hosts.length > HOSTS_SHOWN ? h("p", {}, `and ${hosts.length - HOSTS_SHOWN} more`) : null,
    ),
    h(
      "section",
      {},
      h("h2", {}, "Parameters"),
      table(
        ["Name", "Default", "Required", "Description"],
        (job.parameters || []).map((p) => h("tr", {}, h("td", {}, p.name), h("td", {}, p.default ?? "—"), h("td", {}, p.required ? "yes" : "no"), h("td", {}, p.description || ""))),
      ),
    ),
    h("section", {}, h("h2", {}, "Schedules"), wrap(["Description", "Trigger"], schedules)),
  );
  try {
    const found = await request("GET", `/jobs/${account()}/${enc(jobId)}/executions?page=0&size=20`);
    replace(
      executions,
      found.results.map((e) =>
        h(
          "tr",
          {},
          h("td", {}, link(`#/jobs/${enc(jobId)}/executions/${enc(e.execution_id)}`, e.execution_id)),
          h("td", {}, statusBadge(e.status)),
          h("td", {}, e.launch_type),
          h("td", {}, when(e.timers?.[0]?.start || e.created_time)),
        ),
      ),
    );
    const planned = await request("GET", `/jobs/${account()}/${enc(jobId)}/schedules?page=0&size=100`);
    replace(
      schedules,
      (planned.results || []).map((s) => h("tr", {}, h("td", {}, s.description || s.id), h("td", {}, `${s.trigger.type}: ${s.trigger.expression}`))),
    );
  } catch (error) {
    failed(error);
  }
}

function wrap(headers, body) {
  const t = table(headers, []);
  t.querySelector("tbody").replaceWith(body);
  return t;
}
