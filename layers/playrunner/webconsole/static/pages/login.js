import { explain, login } from "../api.js";
import { field, h } from "../dom.js";

export function render(main) {
  const username = h("input", { name: "username", autocomplete: "username", required: true });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    {
      class: "card narrow",
      onsubmit: async (event) => {
        event.preventDefault();
        error.textContent = "";
        try {
          await login(username.value, password.value);
          location.hash = "#/jobs";
        } catch (e) {
          error.textContent = explain(e);
        }
      },
    },
    h("h1", {}, "Log in"),
    field("User name", username),
    field("Password", password),
    h("button", { type: "submit" }, "Log in"),
    error,
  );
  main.append(form);
  username.focus();
}
