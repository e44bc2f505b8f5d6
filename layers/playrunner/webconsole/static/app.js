// The console's router: each page is a module rendering into <main>; leaving a page disposes
// of it (its polling stops).

import { loadConfig, logout, session } from "./api.js";
import { h, replace } from "./dom.js";
import * as loginPage from "./pages/login.js";
import * as jobsPage from "./pages/jobs.js";
import * as newJobPage from "./pages/new_job.js";
import * as jobPage from "./pages/job.js";
import * as executionPage from "./pages/execution.js";
import * as workflowsPage from "./pages/workflows.js";
import * as workflowRunPage from "./pages/workflow_run.js";

const ROUTES = [
  [/^#\/login$/, loginPage, false],
  [/^#\/jobs$/, jobsPage, true],
  [/^#\/jobs\/new$/, newJobPage, true],
  [/^#\/jobs\/([^/]+)$/, jobPage, true],
  [/^#\/jobs\/([^/]+)\/executions\/([^/]+)$/, executionPage, true],
  [/^#\/workflows$/, workflowsPage, true],
  [/^#\/workflows\/runs\/([^/]+)$/, workflowRunPage, true],
];

let current = null;

function nav() {
  const who = document.getElementById("who");
  const signedIn = session();
  replace(
    document.getElementById("nav"),
    signedIn ? [h("a", { href: "#/jobs" }, "Jobs"), h("a", { href: "#/workflows" }, "Workflows")] : [],
  );
  replace(
    who,
    signedIn
      ? [
          `${signedIn.userName} · ${signedIn.accountAlias} `,
          h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                logout();
                location.hash = "#/login";
              },
            },
            "Log out",
          ),
        ]
      : [],
  );
}

async function route() {
  current?.dispose?.();
  current = null;
  const hash = location.hash || "#/jobs";
  const main = document.getElementById("main");
  document.getElementById("notice").textContent = "";
  nav();
  for (const [pattern, page, needsLogin] of ROUTES) {
    const match = hash.match(pattern);
    if (!match) continue;
    if (needsLogin && !session()) {
      location.hash = "#/login";
      return;
    }
    const params = match.slice(1).map(decodeURIComponent);
    replace(main);
    current = (await page.render(main, ...params)) || null;
    return;
  }
  location.hash = session() ? "#/jobs" : "#/login";
}

await loadConfig();
window.addEventListener("hashchange", route);
route();
