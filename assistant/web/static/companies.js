// Companies and flows: API-backed forms, editing a flow, EWC suggestions while typing.
import { api, bindApiForms, bindDeletes, esc, pick, t } from "./common.js";

bindApiForms();
bindDeletes();

const form = document.getElementById("flow-form");
if (form) {
  const material = document.getElementById("flow-material");
  const list = document.getElementById("ewc-list");
  const ewc = document.getElementById("flow-ewc");
  const chosen = document.getElementById("flow-ewc-label");
  const title = document.getElementById("flow-form-h");
  const reset = document.getElementById("flow-reset");
  const addUrl = form.dataset.api;
  let options = [];
  let active = -1;
  let timer = 0;
  let asked = "";

  const close = () => {
    list.hidden = true;
    material.setAttribute("aria-expanded", "false");
    material.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    list.querySelectorAll("[role=option]").forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) material.setAttribute("aria-activedescendant", `ewc-opt-${index}`);
  };
  const choose = (index) => {
    const option = options[index];
    if (!option) return;
    ewc.value = option.ewc_code || "";
    chosen.textContent = option.ewc_code
      ? t("ewc.chosen", { code: option.ewc_code, label: pick(option.label_en, option.label_lv) })
      : t("ewc.category", { label: pick(option.label_en, option.label_lv) });
    close();
  };
  const suggest = async () => {
    const text = material.value.trim();
    if (text.length < 3 || text === asked) return;
    asked = text;
    try {
      options = await api(`/api/taxonomy/suggest?k=5&text=${encodeURIComponent(text)}`);
    } catch {
      options = [];
    }
    if (material.value.trim() !== text) return;
    list.innerHTML = options.map((o, i) =>
      `<li role="option" id="ewc-opt-${i}" aria-selected="false" data-index="${i}">` +
      `<strong>${esc(o.ewc_code || "—")}</strong> ${esc(pick(o.label_en, o.label_lv))}</li>`).join("");
    list.hidden = options.length === 0;
    material.setAttribute("aria-expanded", String(options.length > 0));
    active = -1;
  };

  material.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
  material.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + options.length) % options.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  material.addEventListener("blur", () => setTimeout(close, 150));
  list.addEventListener("mousedown", (event) => {
    const li = event.target.closest("[role=option]");
    if (li) { event.preventDefault(); choose(Number(li.dataset.index)); }
  });

  const toAdd = () => {
    form.dataset.api = addUrl;
    form.dataset.method = "POST";
    title.textContent = title.dataset.add;
    reset.hidden = true;
    form.reset();
    chosen.textContent = "";
  };
  reset.addEventListener("click", toAdd);
  for (const button of document.querySelectorAll("[data-edit-flow]")) {
    button.addEventListener("click", () => {
      const flow = JSON.parse(button.dataset.editFlow);
      form.dataset.api = `${addUrl}/${flow.id}`;
      form.dataset.method = "PUT";
      title.textContent = title.dataset.edit;
      reset.hidden = false;
      for (const name of ["direction", "material", "ewc_code", "quantity", "unit", "current_route"]) {
        form.elements[name].value = flow[name] ?? "";
      }
      form.elements.hazardous.checked = Boolean(flow.hazardous);
      chosen.textContent = "";
      material.focus();
    });
  }
}
document.documentElement.dataset.ready = "1";
