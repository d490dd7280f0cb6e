// Knowledge documents: upload with progress, then the ingestion result; delete.
import { bindDeletes, csrfHeaders, errorText, esc, setStatus, t } from "./common.js";

bindDeletes();
const form = document.getElementById("upload");
const bar = document.getElementById("upload-progress");
const row = document.getElementById("upload-progress-row");
const status = document.getElementById("upload-status");

// The uploaded document's row, added or replaced, so the list shows it without a reload.
function showRow(doc) {
  const id = `doc-${doc.doc_id}`;
  const row = document.getElementById(id) || document.createElement("tr");
  row.id = id;
  row.className = "fresh";
  row.innerHTML = `<td><span class="doc-title">${esc(doc.title)}</span><br><span class="small muted">${esc(doc.doc_id)} · ${esc(doc.jurisdiction)}</span></td>
    <td>${esc(doc.lang.toUpperCase())}</td><td>${esc(doc.type)}</td><td class="num">${doc.n_chunks}</td>
    <td class="small">${esc(doc.updated_at.slice(0, 16).replace("T", " "))}</td><td></td>`;
  document.querySelector("table.docs tbody").prepend(row);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  if (!file) return;
  const request = new XMLHttpRequest();
  request.open("POST", "/api/documents");
  for (const [name, value] of Object.entries(csrfHeaders({ Accept: "application/json" }))) {
    request.setRequestHeader(name, value);
  }
  request.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((100 * e.loaded) / e.total);
    setStatus(status, t("doc.uploading", { pct: bar.value }), "busy");
  });
  request.upload.addEventListener("load", () => setStatus(status, t("doc.ingesting"), "busy"));
  request.addEventListener("load", () => {
    const body = JSON.parse(request.responseText || "null");
    if (request.status >= 200 && request.status < 300) {
      setStatus(status, t("doc.done", { title: body.title, n: body.n_chunks }), "ok");
      showRow(body);
    } else {
      setStatus(status, errorText({ body }), "error");
    }
  });
  request.addEventListener("error", () => setStatus(status, t("error.network"), "error"));
  row.hidden = false;
  bar.value = 0;
  setStatus(status, t("doc.uploading", { pct: 0 }), "busy");
  request.send(new FormData(form));
});
document.documentElement.dataset.ready = "1";
