// newsdesk: conveniences only. Every page reads and works without this file.
"use strict";

// Side by side: pointing at (or focusing) an aligned row lights the same row
// in every column, which helps when columns scroll apart on a narrow screen.
function alignedRows() {
  const table = document.querySelector("table.sbs");
  if (!table) return;
  const light = (row, on) => { if (row) row.classList.toggle("hot", on); };
  table.addEventListener("mouseover", (e) => light(e.target.closest("tr.al"), true));
  table.addEventListener("mouseout", (e) => light(e.target.closest("tr.al"), false));
}

// Ingest job page: poll the job's JSON and reload once it has finished, so the
// page need not refresh itself every two seconds (the no-script fallback).
function followJob() {
  const box = document.querySelector("[data-job]");
  if (!box || box.dataset.done === "true") return;
  const id = box.dataset.job;
  const words = { queued: "Waiting for an earlier upload…", reading: "Reading…", analysing: "Analysing…", done: "Done", failed: "Failed" };
  const tick = async () => {
    try {
      const response = await fetch(`/api/ingest/${encodeURIComponent(id)}`, { headers: { accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        for (const field of ["read", "failed"]) {
          const el = box.querySelector(`[data-field="${field}"]`);
          if (el) el.textContent = String(job[field]);
        }
        const status = box.querySelector('[data-field="status"]');
        if (status) status.textContent = words[job.status] || job.status;
        if (job.done) { window.location.reload(); return; }
      }
    } catch (err) {
      // The server may be busy analysing; try again.
    }
    window.setTimeout(tick, 700);
  };
  window.setTimeout(tick, 400);
}

document.addEventListener("DOMContentLoaded", () => {
  alignedRows();
  followJob();
});
