import { account, request } from "../api.js";
import { field, h, link, replace, table, when } from "../dom.js";
import { failed, heading } from "./common.js";

const PAGE_SIZE = 100;

export function lastOutcome(job) {
  const counts = job.details?.lastHostCounts || {};
  if (!job.details?.lastRun) return "never run";
  const bad = (counts.failed || 0) + (counts.unreachable || 0) + (counts.not_run || 0);
  return bad ? `failed on ${bad} host${bad === 1 ? "" : "s"}` : "ok";
}

export async function render(main) {
  const jobs = [];
  let next = null;
  let started = false;
  const search = h("input", { type: "search", name: "search", placeholder: "description, id or host" });
  const body = h("tbody");
  const more = h("button", { type: "button", hidden: true, onclick: () => load() }, "Load more");
  const shown = () => {
    const words = search.value.trim().toLowerCase();
    const rows = jobs
      .filter((job) => !words || [job.id, job.description, ...(job.hosts || []).map((x) => x.id)].join(" ").toLowerCase().includes(words))
      .map((job) =>
        h(
          "tr",
          {},
          h("td", {}, link(`#/jobs/${encodeURIComponent(job.id)}`, job.description || job.id)),
          h("td", {}, lastOutcome(job)),
          h("td", {}, when(job.details?.lastRun)),
          h("td", { class: "num" }, job.hostCount ?? (job.hosts || []).length),
        ),
      );
    replace(body, rows.length ? rows : h("tr", {}, h("td", { colspan: "4" }, "No jobs match.")));
    more.hidden = !next;
  };
  const load = async () => {
    try {
      const after = next ? `&nextToken=${encodeURIComponent(next)}` : "";
      if (started && !next) return;
      started = true;
      const found = await request("GET", `/jobs/${account()}?size=${PAGE_SIZE}${after}`);
      next = found.nextToken || null;
      jobs.push(...found.results);
      shown();
    } catch (error) {
      failed(error);
    }
  };
  search.addEventListener("input", shown);
  const list = table(["Job", "Last status", "Last run", "Hosts"], [], "Jobs");
  list.querySelector("tbody").replaceWith(body);
  main.append(
    heading("Jobs"),
    h("p", {}, link("#/jobs/new", "New job")),
    field("Search jobs", search),
    list,
    more,
  );
  await load();
}
