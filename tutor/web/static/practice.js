// The practice flow's enhancements; every page also works without them (the forms post normally).
// - A live preview of how an answer was read (POST /api/preview), typeset by KaTeX, so a typo is
//   caught before it costs an attempt.
// - Hints shown one at a time: the next hint appears once the previous one was opened.
// - After a submission, focus lands on the verdict (or the Next button), for keyboard and screen
//   reader users.
// - The time from the question shown to the answer sent goes with the answer (duration_ms), for
//   the educators' reports of how long questions take.
// Wrapped in a function: pages load other scripts, and top-level names would collide.
(() => {
  "use strict";
  const PREVIEW_DELAY_MS = 250;

  function showPreview(box, result) {
    box.hidden = false;
    box.className = "preview " + (result.valid ? "ok" : "bad");
    box.replaceChildren();
    const label = document.createElement("span");
    label.className = "preview-label";
    if (result.valid) {
      label.textContent = "We read: ";
      const math = document.createElement("span");
      math.className = "math math-inline";
      math.textContent = result.tex;
      box.append(label, math);
      if (window.tutorTypeset) window.tutorTypeset(box);
    } else {
      label.textContent = "Not readable yet: ";
      box.append(label, document.createTextNode(result.message));
    }
  }

  function attachPreview(input) {
    const box = document.getElementById(input.dataset.preview);
    if (!box) return;
    const variables = (input.dataset.variables || "").split(" ").filter(Boolean);
    // The question itself, so the preview reads the answer exactly as its check will.
    const question = input.dataset.topic && input.dataset.template && input.dataset.seed
      ? { topic_id: input.dataset.topic, template_id: input.dataset.template,
          seed: Number(input.dataset.seed), part: Number(input.dataset.part || 0) }
      : null;
    let timer = null;
    let latest = 0;
    const run = async () => {
      const text = input.value;
      const request = ++latest;
      if (!text.trim()) {
        box.hidden = true;
        box.replaceChildren();
        return;
      }
      try {
        const response = await fetch("/api/preview", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(question ? { response: text, variables, question }
                                        : { response: text, variables }),
        });
        if (!response.ok || request !== latest) return;
        showPreview(box, await response.json());
      } catch (error) {
        // The preview is a convenience: without it the answer is still checked on submit.
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, PREVIEW_DELAY_MS);
    });
    if (input.value) run();
  }

  function stageHints(container) {
    const hints = Array.from(container.querySelectorAll("details.hint"));
    const update = () => {
      let revealNext = true;
      hints.forEach((hint) => {
        hint.hidden = !revealNext;
        revealNext = hint.hidden ? false : hint.open;
      });
    };
    hints.forEach((hint) => hint.addEventListener("toggle", update));
    update();
  }

  function timeAnswers(form) {
    const field = form.querySelector("input[name=duration_ms]");
    if (!field) return;
    const shown = performance.now();
    form.addEventListener("submit", () => {
      field.value = String(Math.max(0, Math.round(performance.now() - shown)));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.question").forEach(timeAnswers);
    document.querySelectorAll("input[data-preview]").forEach(attachPreview);
    document.querySelectorAll(".hints").forEach(stageHints);
    const next = document.getElementById("next-question");
    const verdict = document.getElementById("verdict");
    if (next) next.focus();
    else if (verdict && verdict.classList.contains("invalid")) {
      const input = document.querySelector(".question input[autofocus]");
      if (input) input.focus();
    }
  });
})();
