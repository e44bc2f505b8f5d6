import { account, enc, request } from "../api.js";
import { h, table, when } from "../dom.js";
import { failed, heading } from "./common.js";

export async function render(main) {
  main.append(heading("Workflows"));
  let found;
  try {
    found = await request("GET", `/workflows/${account()}?size=100`);
  } catch (error) {
    failed(error);
    return;
  }
  const start = async (name) => {
    try {
      const started = await request("POST", `/workflows/${account()}/jobs/start`, { workflow: name });
      location.hash = `#/workflows/runs/${enc(started.data.id)}`;
    } catch (error) {
      failed(error);
    }
  };
  main.append(
    table(
      ["Workflow", "Tasks", "Updated", ""],
      found.results.map((w) =>
        h(
          "tr",
          {},
          h("td", {}, w.name, w.description ? h("small", {}, ` ${w.description}`) : null),
          h("td", { class: "num" }, String(Object.keys(w.tasks).length)),
          h("td", {}, when(w.lastUpdatedTime)),
          h("td", {}, h("button", { type: "button", onclick: () => start(w.name), "aria-label": `Start ${w.name}` }, "Start")),
        ),
      ),
      "Workflows",
    ),
  );
}
