// WCAG 1.4.12 (text spacing): with the stylesheet of the W3C's test bookmarklet applied, which course control's
// text no longer fits its box? Buttons, labels and readouts whose text is wider or taller than the box; lists
// whose chosen (or any listed) option is wider than the list. Returns one line per clipped control.
() => {
  const ctx = document.createElement("canvas").getContext("2d");
  const textWidth = (el, text) => {
    const style = getComputedStyle(el);
    ctx.font = style.font;
    ctx.letterSpacing = style.letterSpacing === "normal" ? "0px" : style.letterSpacing;
    ctx.wordSpacing = style.wordSpacing === "normal" ? "0px" : style.wordSpacing;
    return ctx.measureText(text).width;
  };
  const roots = ".jp-OutputArea-output :is(.course-widget, .course-quiz), #rendered_cells :is(.course-widget, .course-quiz)";
  const out = [];
  const name = (el) => (el.textContent || el.value || el.tagName).replace(/\s+/g, " ").trim().slice(0, 40);
  const seen = new Set();
  for (const root of document.querySelectorAll(roots)) {
    for (const el of root.querySelectorAll("button, label, .widget-label, .widget-readout, .widget-inline-hbox > .widget-label-basic, select")) {
      if (seen.has(el)) continue;
      seen.add(el);
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height || !el.clientWidth) continue;
      if (el.tagName === "SELECT") {
        const options = el.multiple ? [...el.options] : [el.options[el.selectedIndex]].filter(Boolean);
        const room = el.clientWidth - (el.multiple ? 8 : 26); // the list's padding, or the arrow
        for (const option of options) {
          const w = textWidth(el, option.text);
          if (w > room + 1) out.push(`list cut: "${option.text.slice(0, 40)}" needs ${Math.round(w)} px, has ${room}`);
        }
        continue;
      }
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) {
        out.push(`cut: "${name(el)}" ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
      }
    }
  }
  return out;
}
