// Live previews on the author pages: the text is sent to the author API as the author types and
// the server renders it exactly as learners will see it; KaTeX then typesets the math.
"use strict";

const PREVIEW_DELAY_MS = 250;

function setUpPreview(textarea) {
  const target = document.getElementById(textarea.dataset.previewTarget);
  if (!target) return;
  let timer = null;
  let sent = 0;

  async function refresh() {
    const number = ++sent;
    const body = { source: textarea.value };
    if (textarea.dataset.topicId) body.topic_id = textarea.dataset.topicId;
    target.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(textarea.dataset.preview, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      const data = await response.json();
      if (number !== sent) return; // a newer preview is on its way
      if (!response.ok) {
        target.textContent = data.error || "The preview failed.";
        return;
      }
      target.innerHTML = data.html; // rendered and sanitized by the server
      if (window.tutorTypeset) window.tutorTypeset(target);
      target.dataset.previewed = String(number);
    } catch (error) {
      if (number === sent) target.textContent = "The preview is unavailable: " + error;
    } finally {
      if (number === sent) target.removeAttribute("aria-busy");
    }
  }

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("textarea[data-preview]").forEach(setUpPreview);
});
