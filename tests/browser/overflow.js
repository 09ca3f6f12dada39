// Controls inside a course widget that stick out of their notebook output area, or whose own text box,
// list or label is cut off by the control's box. Called with [root element, CSS selector of controls].
([root, selector]) => {
  const area = root.closest(".jp-OutputArea-output").getBoundingClientRect();
  const out = [];
  const name = (el) => (el.textContent || el.placeholder || el.className || el.tagName).trim().slice(0, 40);
  for (const el of root.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // hidden, e.g. the query step of a case without one
    if (r.left < area.left - 1 || r.right > area.right + 1) {
      out.push(`${name(el)}: ${Math.round(r.left)}-${Math.round(r.right)} outside ${Math.round(area.left)}-${Math.round(area.right)}`);
    }
    for (const inner of el.querySelectorAll("select, input, label")) {
      const q = inner.getBoundingClientRect();
      if (q.width && (q.right > r.right + 1 || q.right > area.right + 1)) out.push(`clipped: ${name(inner)}`);
    }
  }
  return out;
}
