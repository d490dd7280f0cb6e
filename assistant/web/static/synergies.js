// The synergy list: follow a suggestion in the pipeline.
import { api, errorText, t } from "./common.js";

for (const button of document.querySelectorAll("button[data-follow]")) {
  button.addEventListener("click", async () => {
    const status = button.parentElement.querySelector(".status");
    button.disabled = true;
    try {
      const created = await api("/api/pipeline", { method: "POST", body: JSON.parse(button.dataset.follow) });
      const link = document.createElement("a");
      link.href = `/dashboard/pipeline#synergy-${created.id}`;
      link.textContent = t("syn.in_pipeline");
      button.replaceWith(link);
      status.textContent = t("syn.followed");
    } catch (error) {
      button.disabled = false;
      status.textContent = errorText(error);
    }
  });
}
document.documentElement.dataset.ready = "1";
