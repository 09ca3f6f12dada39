// WCAG 1.4.10 (reflow): at 320 CSS px, which part of what the course draws reaches past its output area or the
// window, or is cut off inside its own box? Tables, code and the course's keyboard-reachable scroll boxes may
// scroll sideways; nothing else may. Returns one line per element.
() => {
  const out = [];
  const name = (el) => (el.getAttribute("aria-label") || el.textContent || el.value || el.className || el.tagName)
    .toString().replace(/\s+/g, " ").trim().slice(0, 40);
  const exempt = "table, pre, code, .course-scroll, .jp-RenderedText, .jp-RenderedHTMLCommon table";
  const width = document.documentElement.clientWidth;
  for (const area of document.querySelectorAll(".jp-NotebookPanel .jp-OutputArea-output")) {
    const edge = Math.min(area.getBoundingClientRect().right, width);
    for (const el of area.querySelectorAll("*")) {
      if (el.closest(exempt) || !el.getClientRects().length) continue;
      const r = el.getBoundingClientRect();
      if (!r.width) continue;
      if (r.right > edge + 1) out.push(`past the edge by ${Math.round(r.right - edge)} px: ${el.tagName.toLowerCase()} "${name(el)}"`);
      else if (el.matches("button, label, .widget-label") && el.scrollWidth > el.clientWidth + 1 && el.clientWidth) {
        out.push(`cut: "${name(el)}"`);
      }
    }
  }
  return [...new Set(out)];
}
