// A new job from a playbook pasted (or loaded from a file) and hosts written as inventory lines.
import { account, request } from "../api.js";
import { field, h } from "../dom.js";
import { failed, heading, notice } from "./common.js";

export function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "web1 ansible_connection=local tier=web" per line → [{id, hostVars}]. */
export function parseHosts(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [id, ...pairs] = line.split(/\s+/);
      const hostVars = {};
      for (const pair of pairs) {
        const at = pair.indexOf("=");
        if (at > 0) hostVars[pair.slice(0, at)] = pair.slice(at + 1);
      }
      return { id, hostVars };
    });
}

/** "name=default" (optional) or "name" (required) per line → declared parameters. */
export function parseParameters(text) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf("=");
      return at < 0 ? { name: line, required: true } : { name: line.slice(0, at), default: line.slice(at + 1) };
    });
}

export function render(main) {
  const description = h("input", { name: "description", required: true });
  const playbook = h("textarea", { name: "playbook", rows: "14", required: true, spellcheck: "false" });
  const file = h("input", { type: "file", name: "playbookFile", accept: ".yml,.yaml" });
  file.addEventListener("change", async () => {
    if (file.files[0]) playbook.value = await file.files[0].text();
  });
  const hosts = h("textarea", { name: "hosts", rows: "5", required: true, spellcheck: "false" });
  const properties = h("textarea", { name: "properties", rows: "3", spellcheck: "false" });
  const parameters = h("textarea", { name: "parameters", rows: "3", spellcheck: "false" });
  const form = h(
    "form",
    {
      class: "card",
      onsubmit: async (event) => {
        event.preventDefault();
        let props = {};
        try {
          props = properties.value.trim() ? JSON.parse(properties.value) : {};
        } catch {
          notice("Properties must be a JSON object.", "error");
          return;
        }
        const job = {
          description: description.value,
          playbook: base64(playbook.value),
          hosts: parseHosts(hosts.value),
          properties: props,
          parameters: parseParameters(parameters.value),
        };
        try {
          const created = await request("POST", `/jobs/${account()}`, job);
          location.hash = `#/jobs/${encodeURIComponent(created.id)}`;
        } catch (error) {
          failed(error);
        }
      },
    },
    field("Description", description),
    field("Playbook (YAML)", playbook),
    field("…or load it from a file", file),
    field("Hosts", hosts, "One per line, as in an inventory: name key=value …"),
    field("Properties (extra vars, JSON)", properties, "Optional, e.g. {\"tier\": \"web\"}"),
    field("Parameters", parameters, "One per line: name=default, or a name alone for a required one"),
    h("button", { type: "submit" }, "Create job"),
  );
  main.append(heading("New job"), form);
}
