// Shared helpers of the Simbioze pages: UI strings, numbers, the JSON API and API-backed forms.
const STRINGS = JSON.parse(document.getElementById("i18n")?.textContent || "{}");
export const LANG = document.documentElement.lang === "en" ? "en" : "lv";

export function t(key, values = {}) {
  let text = STRINGS[key] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, value);
  return text;
}

const formats = {};
export function num(value, digits = 0) {
  const key = String(digits);
  formats[key] ??= new Intl.NumberFormat(LANG === "lv" ? "lv-LV" : "en-GB",
    { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return formats[key].format(value ?? 0);
}

export function unit(name) {
  return t(`unit.${name}`) === `unit.${name}` ? name : t(`unit.${name}`);
}

export function pick(en, lv) {
  return (LANG === "lv" ? lv || en : en || lv) || "";
}

export function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// A web address shown as text: no scheme, so the page never references another site.
export function sourceLabel(source) {
  return String(source).replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/$/, "");
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// The session's CSRF token: every request that changes something sends it back.
export function csrfHeaders(headers = {}) {
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  return token ? { ...headers, "X-CSRF-Token": token } : headers;
}

// A session that ended (signed out elsewhere, expired) sends the browser to the sign-in page.
export function signInAgainOn401(response) {
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const init = { method, headers: csrfHeaders({ Accept: "application/json" }) };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  signInAgainOn401(response);
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.status === 204 ? null : response.json();
}

export function errorText(error) {
  const found = error?.body?.error;
  if (!found) return t("error.network");
  if (Array.isArray(found.details) && found.details.length && found.details[0].msg) {
    return found.details.map((d) => {
      const field = (d.loc || []).filter((part) => part !== "body").join(".");
      return `${field ? field + ": " : ""}${String(d.msg).replace(/^Value error, /, "")}`;
    }).join("; ");
  }
  return found.message;
}

export function setStatus(element, text, kind = "") {
  if (!element) return;
  element.textContent = text;
  element.dataset.kind = kind;
}

// Form fields as JSON: numbers for number inputs (or data-number), booleans for checkboxes,
// null for an empty data-null field; other empty fields are left out.
export function formJson(form) {
  const data = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled) continue;
    if (field.type === "checkbox") data[field.name] = field.checked;
    else if (field.value.trim() === "") {
      if ("null" in field.dataset) data[field.name] = null;
    } else if (field.type === "number" || "number" in field.dataset) data[field.name] = Number(field.value);
    else data[field.name] = field.value.trim();
  }
  return data;
}

const AFTER = {
  reload: () => window.location.reload(),
  "open-company": (result) => {
    window.location.assign(`/dashboard/companies?open=${result.id}#company-${result.id}`);
  },
  "open-draft": (result) => window.location.assign(`/dashboard/outreach?draft=${result.id}`),
};

// <form data-api="/api/..." data-method="POST" data-then="reload"> sends its fields as JSON.
export function bindApiForms(root = document) {
  for (const form of root.querySelectorAll("form[data-api]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitForm(form, formJson(form));
    });
  }
}

export async function submitForm(form, body) {
  const status = form.querySelector(".status");
  const button = form.querySelector("[type=submit]");
  if (button) button.disabled = true;
  setStatus(status, t("status.saving"), "busy");
  try {
    const result = await api(form.dataset.api, { method: form.dataset.method || "POST", body });
    setStatus(status, t("status.saved"), "ok");
    (AFTER[form.dataset.then] || (() => {}))(result);
    return result;
  } catch (error) {
    setStatus(status, errorText(error), "error");
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

// <button data-delete="/api/..." data-confirm="Delete?" data-after="/next/page">
export function bindDeletes(root = document) {
  for (const button of root.querySelectorAll("button[data-delete]")) {
    button.addEventListener("click", async () => {
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      button.disabled = true;
      try {
        await api(button.dataset.delete, { method: "DELETE" });
        if (button.dataset.after) window.location.assign(button.dataset.after);
        else window.location.reload();
      } catch (error) {
        button.disabled = false;
        window.alert(errorText(error));
      }
    });
  }
}
