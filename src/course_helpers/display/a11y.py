"""Keyboard and screen-reader support that ipywidgets cannot give on its own, as one small anywidget.

Measured in JupyterLab 4.6 / ipywidgets 8.1.9: `RadioButtons` renders bare `<input type=radio>`s with no
shared `name` and no `radiogroup` role, so every option is its own Tab stop, and arrow keys bubble up to
JupyterLab's notebook shortcuts (down arrow moves to the next cell, "d d" deletes it). Slider handles have
no accessible name, `Image` widgets no alt text, and after Submit disables itself focus falls to the page.

`KeyboardSupport` is an invisible widget that a course view adds to its root (`with_keyboard_support`).
Its script, loaded once per page, watches the course's widgets (`.course-quiz`, `.course-widget`) and:

* makes each radio list a WAI-ARIA radio group: `role=radiogroup` named by the question, one shared
  `name`, one Tab stop (roving tabindex); arrow keys, Home and End move and choose within the group;
* keeps keys typed inside a course widget from reaching JupyterLab's notebook shortcuts (Tab, Escape and
  anything with Ctrl, Alt or Cmd still go through, so Ctrl+S saves);
* makes Enter in a question's text box or radio group press that question's Submit button;
* after Submit, moves focus to the question's feedback, which is a polite live region, so the verdict
  is read out;
* names every slider handle after its label, and gives chart images their tooltip as alt text;
* draws a 2 px focus ring in a colour with at least 3:1 contrast, and shows the chosen answer clearly
  (bold, full opacity, "your answer") once the question is locked.

Everything also works without the script (mouse, Tab, Space): it adds keyboard and screen-reader help.
"""

from __future__ import annotations

import uuid
import weakref
from typing import Any

import anywidget

from course_helpers.display.palette import FOCUS_RING, MUTED_TEXT

ROOT_CLASS = "course-widget"
LIVE_CLASS = "course-live"

_CSS = f"""
.course-quiz :is(button, input, select, textarea):focus-visible,
.course-widget :is(button, input, select, textarea):focus-visible,
.jp-OutputArea-output .jupyter-widgets :is(button, input, select, textarea):focus-visible,
.jp-OutputArea-output button.jupyter-widgets:focus-visible,
.course-quiz .noUi-handle:focus-visible, .course-widget .noUi-handle:focus-visible,
.course-quiz .noUi-handle:focus, .course-widget .noUi-handle:focus,
.course-feedback-focus:focus {{
  outline: 2px solid {FOCUS_RING} !important; outline-offset: 2px !important;
}}
.course-quiz .widget-radio-box label:has(input:checked),
.course-quiz .widget-checkbox label:has(input:checked) {{ font-weight: 700; }}
.course-quiz .jupyter-widgets.mod-disabled, .course-quiz .widget-radio-box input:disabled,
.course-quiz .widget-checkbox input:disabled {{ opacity: 1 !important; }}
.course-quiz input[type=radio], .course-quiz input[type=checkbox] {{ accent-color: {FOCUS_RING}; }}
.course-quiz .widget-radio-box label:has(input:disabled:not(:checked)),
.course-quiz .widget-checkbox label:has(input:disabled:not(:checked)) {{ color: {MUTED_TEXT}; }}
.course-quiz .widget-radio-box label:has(input:disabled:checked)::after,
.course-quiz .widget-checkbox label:has(input:disabled:checked)::after {{
  content: "\\2190  your answer"; font-weight: 400; font-style: italic; margin-left: 0.6em; white-space: nowrap;
}}
.course-widget .widget-dropdown, .course-widget .widget-slider, .course-widget .widget-text,
.course-widget .widget-textarea, .course-widget .widget-select-multiple {{
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important;
}}
.course-widget .widget-dropdown > select {{ min-width: 0; }}
/* the chosen toggle is marked by more than shading: a tick, bold text and a bar */
.course-widget .widget-toggle-button.mod-active {{ font-weight: 700; box-shadow: inset 0 -3px 0 {FOCUS_RING}; }}
/* the tick is not part of the button's name (the text after "/" is its alternative text) */
.course-widget .widget-toggle-button.mod-active::before {{ content: "\\2713  " / ""; }}
/* checklist and choice labels wrap at 200% zoom instead of ending in "…" */
.course-widget .widget-checkbox, .course-quiz .widget-checkbox {{ height: auto; }}
.course-widget .widget-checkbox label, .course-quiz .widget-checkbox label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.35;
}}
/* reflow: in a narrow column a text box goes under its label instead of shrinking to a few characters */
.course-widget .widget-text {{ flex-wrap: wrap; height: auto; row-gap: 2px; }}
.course-widget .widget-text > input {{ flex: 1 1 9em; min-width: min(9em, 100%); }}
/* reflow at 320 px: a list or slider goes under its label rather than past the window's edge */
.course-widget .widget-dropdown, .course-widget .widget-slider {{ flex-wrap: wrap; height: auto; row-gap: 2px; }}
.course-widget .widget-dropdown > select {{ flex: 1 1 12em; min-width: min(12em, 100%); max-width: 100%; }}
.course-widget .widget-slider > .slider-container {{ flex: 1 1 8em; min-width: min(8em, 100%); }}
.course-widget .widget-hbox {{ flex-wrap: wrap; max-width: 100%; }}
.course-widget .widget-toggle-buttons {{ flex-wrap: wrap; height: auto; }}
.course-widget .widget-toggle-buttons > div {{ display: flex; flex-wrap: wrap; max-width: 100%; }}
/* a wide table scrolls inside a region the keyboard can reach (Tab to it, then the arrow keys) */
.course-widget .course-scroll {{ overflow-x: auto; max-width: 100%; }}
.course-widget .course-scroll > table {{ min-width: min(36em, 100%); }}
.course-widget .widget-html {{ max-width: 100%; min-width: 0; }}
.course-widget .widget-html > .widget-html-content {{ max-width: 100%; }}
/* reflow at 320 px and WCAG text spacing (1.4.12): a checkbox, a label or a button never reaches past its
   column or cuts its text; the text wraps and the box grows instead */
.course-widget .widget-checkbox, .course-quiz .widget-checkbox,
.course-widget .widget-inline-hbox, .course-quiz .widget-inline-hbox {{ max-width: calc(100% - 4px); }}
.course-widget .widget-datepicker {{ flex-wrap: wrap; height: auto; row-gap: 2px; }}
.course-widget .widget-datepicker > input {{ flex: 1 1 9em; min-width: min(9em, 100%); }}
.course-widget .widget-label, .course-quiz .widget-label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  min-height: var(--jp-widgets-inline-height); line-height: 1.35; overflow-wrap: break-word; max-width: 100%;
}}
.course-widget button.jupyter-button, .course-quiz button.jupyter-button {{
  width: max-content; max-width: 100%; height: auto; min-height: var(--jp-widgets-inline-height);
  white-space: normal; overflow-wrap: break-word; line-height: 1.35; padding-top: 4px; padding-bottom: 4px;
}}
/* a list is as wide as its longest option in the page's own letter and word spacing, up to its widget's width:
   when that does not fit beside its label, it goes under the label (flex-wrap) rather than cutting its text */
.course-widget .widget-dropdown > select {{ width: max-content; flex: 1 1 auto; }}
.course-widget .widget-slider > .widget-label {{ white-space: normal; height: auto; line-height: 1.25; }}
.course-widget .widget-slider {{ height: auto; min-height: var(--jp-widgets-inline-height); }}
.course-widget .jupyter-widget-Collapse-header, .course-widget .lm-AccordionPanel .jupyter-widget-Collapse-header,
.course-widget .lm-AccordionPanel-title {{ color: #1A1A1A !important; }}
"""

_ESM = r"""
const FLAG = "__courseKeyboardSupport2";
const ROOTS = ".course-quiz, .course-widget";
let counter = 0;
const uid = (prefix) => `${prefix}-${Date.now().toString(36)}-${++counter}`;
const idOf = (el, prefix) => el.id || (el.id = uid(prefix));
const radiosOf = (box) => [...box.querySelectorAll("input[type=radio]")];

function rove(box) {
  const inputs = radiosOf(box);
  const current = inputs.find((i) => i.checked) || inputs.find((i) => !i.disabled) || inputs[0];
  for (const input of inputs) {
    const want = input === current ? "0" : "-1";
    if (input.getAttribute("tabindex") !== want) input.setAttribute("tabindex", want);
  }
}

function upgradeRadioBox(box) {
  const name = idOf(box, "course-radios");
  if (box.getAttribute("role") !== "radiogroup") box.setAttribute("role", "radiogroup");
  const labels = [];
  const card = box.closest(".course-question");
  const prompt = card && card.querySelector(".course-prompt");
  if (prompt) labels.push(idOf(prompt, "course-prompt"));
  const widget = box.closest(".widget-radio");
  const label = widget && widget.querySelector(":scope > .widget-label");
  const text = label ? label.textContent.trim() : "";
  if (label && text && text !== "null") labels.push(idOf(label, "course-label"));
  const wanted = labels.join(" ");
  if (wanted && box.getAttribute("aria-labelledby") !== wanted) box.setAttribute("aria-labelledby", wanted);
  for (const input of radiosOf(box)) if (input.name !== name) input.name = name;
  rove(box);
}

function upgradeSlider(slider) {
  const label = slider.querySelector(":scope > .widget-label");
  const text = label ? label.textContent.trim() : "";
  const name = text && text !== "null" ? text : slider.getAttribute("title") || "";
  // the readout shows the value as people read it ("95.0%"); noUiSlider says the raw number ("0.95")
  const readout = slider.querySelector(".widget-readout");
  const shown = readout && readout.style.display !== "none" ? readout.textContent.trim() : "";
  for (const handle of slider.querySelectorAll(".noUi-handle")) {
    if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
    if (shown && handle.getAttribute("aria-valuetext") !== shown) handle.setAttribute("aria-valuetext", shown);
  }
  // one Tab stop per slider: the editable readout repeats the handle's value, so it leaves the Tab order
  // (a mouse can still click it to type a value) and is hidden from screen readers
  if (readout && readout.getAttribute("tabindex") !== "-1") {
    readout.setAttribute("tabindex", "-1");
    readout.setAttribute("aria-hidden", "true");
  }
}

// Each control of a question carries the question: a text box or list is named by the prompt and its own label
// ("Question 3 of 40 ... Your answer:"), a checkbox keeps its choice as name and gets the prompt as description.
function upgradeQuestion(card) {
  const prompt = card.querySelector(".course-prompt");
  if (!prompt) return;
  const promptId = idOf(prompt, "course-prompt");
  for (const control of card.querySelectorAll("input[type=text], input[type=number], select")) {
    const widget = control.closest(".widget-text, .widget-dropdown, .widget-select");
    const label = widget && widget.querySelector(":scope > .widget-label");
    const text = label ? label.textContent.trim() : "";
    const wanted = text && text !== "null" ? `${promptId} ${idOf(label, "course-label")}` : promptId;
    if (control.getAttribute("aria-labelledby") !== wanted) control.setAttribute("aria-labelledby", wanted);
  }
  for (const box of card.querySelectorAll("input[type=checkbox]")) {
    if (box.getAttribute("aria-describedby") !== promptId) box.setAttribute("aria-describedby", promptId);
  }
}

// ToggleButtons show the chosen option by shading only: say it (aria-pressed) and mark it (the CSS adds a tick).
function syncToggles(group) {
  for (const button of group.querySelectorAll("button")) {
    const pressed = button.classList.contains("mod-active") ? "true" : "false";
    if (button.getAttribute("aria-pressed") !== pressed) button.setAttribute("aria-pressed", pressed);
  }
}

function upgradeToggles(group) {
  syncToggles(group);
  if (group.dataset.courseToggles) return;
  group.dataset.courseToggles = "1";
  group.setAttribute("role", "group");
  const label = group.querySelector(":scope > .widget-label");
  if (label && label.textContent.trim()) group.setAttribute("aria-labelledby", idOf(label, "course-label"));
  // the chosen button changes only by a class: watch this group's classes (cheap, unlike the whole page's)
  new MutationObserver(() => syncToggles(group)).observe(group, {
    attributes: true, subtree: true, attributeFilter: ["class"],
  });
}

// A wide table scrolls in its own box; while it overflows, the box is a named region the keyboard can reach.
function upgradeScroll(box) {
  const overflowing = box.scrollWidth > box.clientWidth + 1;
  if (overflowing && box.getAttribute("tabindex") !== "0") {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (!box.getAttribute("aria-label")) {
      const heads = [...box.querySelectorAll("th")].map((th) => th.textContent.trim()).filter(Boolean);
      box.setAttribute("aria-label", `Table (scrolls sideways): ${heads.slice(0, 4).join(", ")}`);
    }
  } else if (!overflowing && box.hasAttribute("tabindex")) {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
  }
}

function upgradeLive(widget) {
  // the region is the widget's content box, which stays in the page while its value is replaced
  const content = widget.querySelector(":scope > .widget-html-content") || widget;
  if (content.getAttribute("aria-live") !== "polite") {
    content.setAttribute("aria-live", "polite");
    content.setAttribute("aria-atomic", "true");
  }
}

function upgradeFeedback(feedback) {
  const content = feedback.querySelector(".widget-html-content") || feedback;
  if (content.getAttribute("aria-live") !== "polite") {
    content.setAttribute("role", "status");
    content.setAttribute("aria-live", "polite");
    content.setAttribute("aria-atomic", "true");
    content.setAttribute("tabindex", "-1");
    content.classList.add("course-feedback-focus");
  }
}

function upgradeImage(img) {
  const title = img.getAttribute("title");
  if (title && img.getAttribute("alt") !== title) {
    img.setAttribute("alt", title);
    img.setAttribute("role", "img");
  }
}

function upgradeRoot(root) {
  if (!root.dataset.courseKeys) {
    root.dataset.courseKeys = "1";
    root.addEventListener("keydown", onKeydown);
  }
  root.querySelectorAll(".widget-radio-box").forEach(upgradeRadioBox);
  root.querySelectorAll(".widget-slider").forEach(upgradeSlider);
  root.querySelectorAll(".course-feedback").forEach(upgradeFeedback);
  root.querySelectorAll(".course-live").forEach(upgradeLive);
  root.querySelectorAll(".course-question").forEach(upgradeQuestion);
  root.querySelectorAll(".course-scroll").forEach(upgradeScroll);
  root.querySelectorAll(".widget-toggle-buttons").forEach(upgradeToggles);
  root.querySelectorAll("img.widget-image, img[title]").forEach(upgradeImage);
}

function upgradeAll() {
  document.querySelectorAll(ROOTS).forEach(upgradeRoot);
}

// ipywidgets holds a text box's newest value back while the kernel is busy with the previous one, but sends a
// button click at once, so Enter right after very fast input (autofill, dictation, a text expander) could grade
// a stale value. Before a button acts, each marked text box (`sync_before_submit`) sends what it shows through
// this helper's own channel; the kernel reads messages in order, so the box holds it when the click arrives.
const MODELS = (window.__courseKeyboardModels = window.__courseKeyboardModels || new Set());

function syncValues(scope) {
  if (!scope) return;
  for (const box of scope.querySelectorAll(".course-sync")) {
    const token = [...box.classList].find((c) => c.startsWith("course-sync-"));
    const input = box.querySelector("input, textarea");
    if (!token || !input) continue;
    const message = { type: "value", target: token.slice("course-sync-".length), value: input.value };
    for (const model of MODELS) {
      try {
        model.send(message);
      } catch (error) {
        MODELS.delete(model);  // a closed kernel's helper
      }
    }
  }
}

function pressSubmit(target) {
  const card = target.closest(".course-question");
  const button = card && card.querySelector("button.course-submit");
  if (button && !button.disabled) {
    button.click();
    return true;
  }
  return false;
}

function moveInGroup(event, input) {
  const box = input.closest(".widget-radio-box");
  if (!box) return;
  const inputs = radiosOf(box).filter((i) => !i.disabled);
  if (!inputs.length) return;
  const at = Math.max(inputs.indexOf(input), 0);
  let next = null;
  switch (event.key) {
    case "ArrowDown":
    case "ArrowRight":
      next = inputs[(at + 1) % inputs.length];
      break;
    case "ArrowUp":
    case "ArrowLeft":
      next = inputs[(at - 1 + inputs.length) % inputs.length];
      break;
    case "Home":
      next = inputs[0];
      break;
    case "End":
      next = inputs[inputs.length - 1];
      break;
    case " ":
      if (!input.checked) {
        event.preventDefault();
        input.click();
      }
      rove(box);
      return;
    default:
      return;
  }
  event.preventDefault();
  next.focus();
  if (!next.checked) next.click();
  rove(box);
}

function onKeydown(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Tab" || event.key === "Escape") return;
  const target = event.target;
  if (!(target instanceof Element)) return;
  if (target.matches("input[type=radio]")) moveInGroup(event, target);
  if (event.key === "Enter" && !event.shiftKey && target.matches("input[type=radio]")) {
    if (pressSubmit(target)) event.preventDefault();
  }
  // keep the key from JupyterLab's notebook shortcuts (they listen on the document, bubbling)
  event.stopPropagation();
}

// ipywidgets' text boxes stop their own keydown events, so Enter in one is caught on the way down.
function onEnterInTextBox(event) {
  if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (!target || !target.matches(".course-question input[type=text], .course-question input[type=number]")) return;
  if (pressSubmit(target)) event.preventDefault();
}

function onClick(event) {
  const target = event.target instanceof Element ? event.target : null;
  const pressed = target && target.closest("button");
  if (pressed && !pressed.disabled) syncValues(pressed.closest(".course-question") || pressed.closest(ROOTS));
  const button = target && target.closest(
    "button.course-submit, button.course-retry, button.course-finish, button.course-then-focus"
  );
  if (!button) return;
  if (button.matches(".course-submit")) {
    const card = button.closest(".course-question");
    if (card) card.dataset.awaitFeedback = String(Date.now());
    return;
  }
  if (button.matches(".course-then-focus")) {
    const token = [...button.classList].find((c) => c.startsWith("course-focus-to-"));
    const target = token && document.querySelector(`.course-focus-id-${token.slice("course-focus-to-".length)}`);
    const control = target && (target.querySelector("input, select, textarea") || target);
    if (control) setTimeout(() => focusInto(control), 0);  // after the button's own click handling
    return;
  }
  const quiz = button.closest(".course-quiz");
  if (quiz) quiz.dataset.awaitFocus = (button.matches(".course-retry") ? "retry:" : "summary:") + Date.now();
}

// The first control a person answers with: the checked (or first) radio, else the first input or list.
function firstControl(card) {
  const radios = radiosOf(card).filter((i) => !i.disabled);
  if (radios.length) return radios.find((i) => i.tabIndex >= 0) || radios[0];
  return card.querySelector("input:not(:disabled):not([type=radio]), select:not(:disabled)");
}

function focusInto(el) {
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "center" });
}

// After "Retry what I missed": the first cleared question (Python marks it) once it is empty and enabled.
// After "Finish" / "Show my summary": the summary once it has text. Never the page body.
let polling = false;
function focusAfterQuizAction() {
  const pending = document.querySelectorAll(".course-quiz[data-await-focus]");
  if (pending.length && !polling) {  // a class change alone is not a DOM mutation we observe: look again soon
    polling = true;
    setTimeout(() => { polling = false; focusAfterQuizAction(); }, 120);
  }
  for (const quiz of document.querySelectorAll(".course-quiz[data-await-focus]")) {
    const [kind, started] = quiz.dataset.awaitFocus.split(":");
    if (Date.now() - Number(started) > 30000) {
      delete quiz.dataset.awaitFocus;
      continue;
    }
    if (kind === "retry") {
      const card = quiz.querySelector(".course-question.course-retry-target");
      const feedback = card && card.querySelector(".course-feedback");
      const control = card && firstControl(card);
      if (control && feedback && !feedback.textContent.trim()) {
        delete quiz.dataset.awaitFocus;
        focusInto(control);
      }
    } else {
      const summary = quiz.querySelector(".course-summary");
      const content = summary && (summary.querySelector(".widget-html-content") || summary);
      if (content && content.textContent.trim()) {
        delete quiz.dataset.awaitFocus;
        content.setAttribute("tabindex", "-1");
        content.classList.add("course-feedback-focus");
        focusInto(content);
      }
    }
  }
}

function focusFeedback() {
  for (const card of document.querySelectorAll(".course-question[data-await-feedback]")) {
    const started = Number(card.dataset.awaitFeedback);
    const content = card.querySelector(".course-feedback .widget-html-content");
    if (Date.now() - started > 30000) {
      delete card.dataset.awaitFeedback;
    } else if (content && content.textContent.trim()) {
      delete card.dataset.awaitFeedback;
      content.focus({ preventScroll: false });
    }
  }
}

function setup() {
  if (window[FLAG]) return;
  window[FLAG] = true;
  let queued = false;
  const run = () => {
    queued = false;
    upgradeAll();
    focusFeedback();
    focusAfterQuizAction();
  };
  const observer = new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(run);
    }
  });
  // aria-valuetext too: noUiSlider rewrites it (as a raw number) whenever a handle moves
  observer.observe(document.body, {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["aria-valuetext"],
  });
  document.addEventListener("click", onClick, true);
  window.addEventListener("resize", () => requestAnimationFrame(upgradeAll));
  document.addEventListener("keydown", onEnterInTextBox, true);
  document.addEventListener("change", (event) => {
    const box = event.target instanceof Element && event.target.closest(".widget-radio-box");
    if (box) rove(box);
  }, true);
  run();
}

function render({ model, el }) {
  MODELS.add(model);
  el.hidden = true;
  el.setAttribute("aria-hidden", "true");
  setup();
  requestAnimationFrame(upgradeAll);
}

export default { render };
"""


# text boxes whose shown value the page sends before a button acts (see syncValues in the script)
_SYNCED: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()


class KeyboardSupport(anywidget.AnyWidget):
    """Invisible: loads the course's keyboard and screen-reader script and styles into the page."""

    _esm = _ESM
    _css = _CSS

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_page_message)

    @staticmethod
    def _on_page_message(_widget: Any, content: Any, _buffers: Any) -> None:
        """The page says what a marked text box shows, just before a button click: the box takes that value."""
        if not isinstance(content, dict) or content.get("type") != "value":
            return
        box = _SYNCED.get(str(content.get("target")))
        value = content.get("value")
        if box is not None and isinstance(value, str) and not box.disabled and box.value != value:
            box.value = value


def sync_before_submit(text: Any) -> Any:
    """Mark a text box whose shown value must be the one a button click acts on (the last typed value)."""
    token = uuid.uuid4().hex[:12]
    text.add_class("course-sync")
    text.add_class(f"course-sync-{token}")
    _SYNCED[token] = text
    return text


_SHARED: KeyboardSupport | None = None


def keyboard_support() -> KeyboardSupport:
    """The one helper widget of this kernel (a widget may sit in many containers)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = KeyboardSupport()
    return _SHARED


def focus_on_click(button: Any, target: Any) -> None:
    """When ``button`` is pressed (mouse, Enter or Space), the keyboard script moves focus into ``target``.

    For a button that hands a value to another control (the PCS builder's "Use <code>"), so the learner
    continues where the value went instead of losing focus to the page.
    """
    token = uuid.uuid4().hex[:12]
    button.add_class("course-then-focus")
    button.add_class(f"course-focus-to-{token}")
    target.add_class(f"course-focus-id-{token}")


def live_region(widget: Any) -> Any:
    """Mark an HTML widget whose value is a tool's result: the keyboard script makes it a polite live region.

    The region is the widget's content box, which stays in the page while the value inside is replaced, so
    a screen reader reads each new result (a `role=status` inside the value is replaced with it, and is
    often not read at all).
    """
    widget.add_class(LIVE_CLASS)
    return widget


def with_keyboard_support(root: Any) -> Any:
    """Mark a view's root as a course widget and add the (invisible) helper as its last child."""
    root.add_class(ROOT_CLASS)
    helper = keyboard_support()
    if helper not in root.children:
        root.children = (*root.children, helper)
    return root
