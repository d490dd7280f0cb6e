// The pipeline board: move a synergy to another stage (back only as an explicit reopen).
import { api, errorText, setStatus, t } from "./common.js";

const board = document.querySelector(".board");
const stages = JSON.parse(board?.dataset.stages || "[]");
const flow = stages.filter((stage) => stage !== "dropped");
const FINAL = ["implemented", "dropped"];

function reopens(current, wanted) {
  if (FINAL.includes(current)) return true;
  return flow.includes(wanted) && flow.indexOf(wanted) < flow.indexOf(current);
}

for (const form of document.querySelectorAll("form[data-move]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const card = form.closest("[data-stage]");
    const status = form.querySelector(".status");
    const stage = form.elements.stage.value;
    const reason = form.elements.reason.value.trim();
    const reopen = reopens(card.dataset.stage, stage);
    if ((reopen || stage === "dropped") && !reason) {
      setStatus(status, t("pipe.need_reason"), "error");
      form.elements.reason.focus();
      return;
    }
    setStatus(status, t("status.saving"), "busy");
    try {
      await api(`/api/pipeline/${form.dataset.move}/move`, { method: "POST", body: { stage, reason, reopen } });
      window.location.assign(`/dashboard/pipeline#synergy-${form.dataset.move}`);
      window.location.reload();
    } catch (error) {
      setStatus(status, errorText(error), "error");
    }
  });
}
document.documentElement.dataset.ready = "1";
