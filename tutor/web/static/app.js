// Typesets every element marked as math with KaTeX. Runs without network: KaTeX is served by us.
"use strict";

function typeset(root) {
  if (typeof katex === "undefined") return;
  root.querySelectorAll(".math:not([data-typeset])").forEach((element) => {
    const display = element.classList.contains("math-display");
    try {
      katex.render(element.textContent, element, { displayMode: display, throwOnError: false });
      element.setAttribute("data-typeset", "true");
    } catch (error) {
      element.setAttribute("data-typeset", "error");
    }
  });
}

document.addEventListener("DOMContentLoaded", () => typeset(document));
window.tutorTypeset = typeset;
