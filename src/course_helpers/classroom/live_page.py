"""The class view and the facilitator-notes page, as HTML the service sends.

The class view is one page with no outside assets: a small script subscribes to the room's server-sent
events and draws each snapshot. Every text that comes from the room (learner names, their typed answers,
question prompts) is written with `textContent`, never parsed as HTML, and the page loads no MathJax, so
"$55,000" or "<b>" typed by a learner shows as typed. Colours come from `display.palette` (WCAG AA).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from course_helpers.display.palette import ERROR_TEXT, FOCUS_RING, INFO_TEXT, MUTED_TEXT, OK_TEXT, OKABE_ITO


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element (no '<', '>' or '&' left to end it)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


CSS = f"""
:root {{ --ok: {OK_TEXT}; --bad: {ERROR_TEXT}; --info: {INFO_TEXT}; --muted: {MUTED_TEXT};
  --bar: {OKABE_ITO['blue']}; --bar-ok: {OKABE_ITO['bluish_green']}; --focus: {FOCUS_RING}; }}
* {{ box-sizing: border-box; }}
[hidden] {{ display: none !important; }}
body {{ font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #111; background: #fff; }}
header {{ background: #1F4E79; color: #fff; padding: .6rem 1.2rem; display: flex; flex-wrap: wrap; gap: 1rem;
  align-items: center; justify-content: space-between; }}
header h1 {{ font-size: 1.3em; margin: 0; }}
header a {{ color: #fff; }}
main {{ padding: 1rem 1.2rem; display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); }}
section {{ border: 1px solid #bbb; border-radius: 6px; padding: .7rem 1rem; }}
h2 {{ font-size: 1.25em; margin: .2em 0 .6em; }}
h3 {{ font-size: 1.1em; margin: .6em 0 .3em; }}
.wide {{ grid-column: 1 / -1; }}
.figures {{ display: flex; gap: 2rem; flex-wrap: wrap; }}
.figure b {{ display: block; font-size: 2em; line-height: 1.1; }}
.check {{ border-top: 1px solid #ddd; padding: .5rem 0; }}
.check:first-child {{ border-top: 0; }}
.prompt {{ margin: 0 0 .3rem; }}
.row {{ display: grid; grid-template-columns: minmax(8rem, 2fr) 3fr 3.5rem; gap: .5rem; align-items: center;
  margin: .15rem 0; }}
.track {{ background: #eee; border-radius: 3px; height: 1.1rem; }}
.fill {{ background: var(--bar); height: 100%; border-radius: 3px; min-width: 1px; }}
.fill.ok {{ background: var(--bar-ok); }}
.label {{ overflow-wrap: anywhere; }}
.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.ok-text {{ color: var(--ok); font-weight: 600; }}
.bad-text {{ color: var(--bad); font-weight: 600; }}
.muted {{ color: var(--muted); }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
th {{ background: #f3f3f3; }}
button, select, input {{ font: inherit; padding: .3rem .6rem; }}
select {{ max-width: 100%; min-width: 0; flex: 1 1 20rem; }}
button {{ background: #1F4E79; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
button.secondary {{ background: #fff; color: #1F4E79; border: 1px solid #1F4E79; }}
button:disabled {{ background: #767676; color: #fff; cursor: not-allowed; }}
:focus-visible {{ outline: 3px solid var(--focus); outline-offset: 2px; }}
header :focus-visible {{ outline-color: #fff; }}
.controls {{ display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .4rem 0; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
body.projector {{ font-size: 22px; }}
body.projector main {{ grid-template-columns: 1fr; }}
#message {{ min-height: 1.4em; }}
"""

SCRIPT = r"""
(() => {
  const cfg = JSON.parse(document.getElementById('live-config').textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v; else node.setAttribute(k, v);
    }
    for (const kid of kids) node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    return node;
  };
  const api = (path) => cfg.prefix + 'api/live/' + path;
  let state = null;
  let lastAnnounced = '';

  async function send(method, path, body) {
    $('message').textContent = '';
    const res = await fetch(api(path), {
      method, credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-XSRFToken': cfg.xsrf},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try { data = await res.json(); } catch (e) { /* empty body */ }
    if (!res.ok) { $('message').textContent = 'Not done: ' + (data.message || res.statusText); }
    return data;
  }

  function bars(rows, total) {
    const box = el('div', {class: 'bars'});
    for (const r of rows) {
      const pct = total ? Math.round(100 * r.count / total) : 0;
      const mark = r.correct === true ? ' ✓' : '';
      const fill = el('div', {class: 'fill' + (r.correct === true ? ' ok' : ''), style: 'width:' + pct + '%'});
      box.append(el('div', {class: 'row'},
        el('span', {class: 'label' + (r.correct === true ? ' ok-text' : '')}, r.label + mark),
        el('div', {class: 'track', role: 'img', 'aria-label': r.label + ': ' + r.count + ' of ' + total}, fill),
        el('span', {class: 'n'}, r.count)));
    }
    return box;
  }

  function drawChecks(s) {
    const box = $('checks'); box.replaceChildren();
    s.checks.forEach((c, i) => {
      const head = el('p', {class: 'prompt'}, el('b', {}, (i + 1) + '. '), c.prompt);
      const counts = el('p', {class: 'muted'},
        c.answered + ' answered · ' + c.correct + ' right · ' + c.missed + ' missed');
      box.append(el('div', {class: 'check', id: 'check-' + c.id, 'data-check': c.id},
        head, counts, bars(c.distribution, c.answered)));
    });
  }

  function drawLearners(s) {
    const box = $('learners');
    if (!box) return;
    const body = $('learner-rows'); body.replaceChildren();
    for (const l of s.learners || []) {
      body.append(el('tr', {},
        el('td', {}, l.name),
        el('td', {}, l.last_check ? l.reached + ' · ' + l.last_check : 'not started'),
        el('td', {}, l.correct + ' / ' + l.answered),
        el('td', {}, Math.floor(l.idle_seconds / 60) + ' min'),
        el('td', {class: l.stuck ? 'bad-text' : 'muted'}, l.stuck ? '⚠ ' + l.stuck : 'ok')));
    }
  }

  function drawPoll(s) {
    const box = $('poll-body'); box.replaceChildren();
    const p = s.poll;
    for (const id of ['poll-again', 'poll-close', 'poll-reveal']) { const b = $(id); if (b) b.disabled = !p; }
    if (!p) { box.append(el('p', {class: 'muted'}, 'No poll yet.')); return; }
    const stateText = p.state === 'open' ? 'open, round ' + p.round : (p.revealed ? 'closed, answer shown' : 'closed');
    box.append(el('p', {}, el('b', {}, 'Poll: '), p.prompt), el('p', {class: 'muted', id: 'poll-state'}, stateText));
    for (const r of p.rounds) {
      const right = r.correct === null || r.correct === undefined ? '' : ' · ' + r.correct + ' right';
      box.append(el('h3', {}, 'Round ' + r.round + ': ' + r.votes + ' vote' + (r.votes === 1 ? '' : 's') + right),
                 bars(r.distribution, r.votes));
    }
    if (p.moves && p.moves.length) {
      const list = el('ul', {id: 'poll-moves'});
      for (const m of p.moves) {
        list.append(el('li', {}, m.from ? m.from + ' → ' + m.to + ': ' + m.learners :
                             m.changed + ' changed their answer, ' + m.kept + ' kept it'));
      }
      box.append(el('h3', {}, 'How answers moved'), list);
    }
    if (p.revealed && p.explanation) {
      box.append(el('p', {}, el('b', {}, 'Answer: '), (p.answer || []).join('; ') + '. ', p.explanation));
    }
    if ($('poll-again')) {
      $('poll-again').disabled = p.round >= 2;
      $('poll-close').disabled = p.state !== 'open';
      $('poll-reveal').disabled = p.revealed;
    }
  }

  function draw(s) {
    state = s;
    $('status').textContent = s.live ? 'Live: ' + s.lesson_title : 'No session running for ' + cfg.group;
    document.querySelectorAll('.needs-live').forEach((n) => { n.hidden = !s.live; });
    document.querySelectorAll('.needs-idle').forEach((n) => { n.hidden = !!s.live; });
    if (!s.live) { $('checks').replaceChildren(); return; }
    $('in-lesson').textContent = s.in_lesson;
    $('stuck-count').textContent = s.stuck;
    if ($('stuck-rule')) {
      $('stuck-rule').textContent = 'Looks stuck: the same check missed twice in a row, or no answer for ' +
        s.stuck_minutes + ' min while checks remain (change with ?stuck=N in the address).';
    }
    const mm = s.most_missed;
    $('most-missed').textContent = mm ? mm.prompt : 'nothing missed yet';
    $('most-missed-count').textContent = mm ? mm.missed + ' of ' + mm.answered + ' missed (' + mm.id + ')' : '';
    if ($('notes-link')) $('notes-link').href = cfg.prefix + 'live/notes/' + s.lesson;
    drawChecks(s); drawLearners(s); drawPoll(s);
    const qSel = $('poll-question');
    if (qSel && qSel.dataset.lesson !== s.lesson) {
      qSel.replaceChildren(...s.checks.map((c, i) =>
        el('option', {value: c.id}, (i + 1) + '. ' + c.prompt.slice(0, 90))));
      qSel.dataset.lesson = s.lesson;
    }
    const missed = mm ? 'most missed now: ' + mm.id + ', ' + mm.missed + ' of ' + mm.answered : 'nothing missed yet';
    const say = s.in_lesson + ' in the lesson; ' + missed + '; ' + s.stuck + ' look stuck.';
    if (say !== lastAnnounced) { $('announce').textContent = say; lastAnnounced = say; }
  }

  function connect() {
    // EventSource cannot send headers: the hub's XSRF token goes in the query (a cookie-authenticated read)
    const query = '?_xsrf=' + encodeURIComponent(cfg.xsrf) + '&stuck=' + cfg.stuck +
      (cfg.projector ? '&projector=1' : '');
    const url = api('groups/' + encodeURIComponent(cfg.group) + '/events') + query;
    const source = new EventSource(url);
    let heard = Date.now();
    source.addEventListener('room', (e) => {
      heard = Date.now(); $('connection').textContent = 'connected'; draw(JSON.parse(e.data));
    });
    source.addEventListener('ping', () => { heard = Date.now(); });
    // the service sends something at least every `heartbeat` seconds; silence for two of them means the stream
    // died without closing (the service restarted behind the hub's proxy): connect again
    const watchdog = setInterval(() => {
      if (Date.now() - heard > (2 * cfg.heartbeat + 5) * 1000) {
        clearInterval(watchdog); source.close(); $('connection').textContent = 'reconnecting…'; connect();
      }
    }, 1000);
    source.onerror = () => {
      $('connection').textContent = 'reconnecting…';
      if (source.readyState !== EventSource.CLOSED) return;  // the browser retries by itself
      clearInterval(watchdog);
      // refused or away (the service restarting): try again in 2 s; signed out (a new cookie secret): reload,
      // which signs in through the hub again
      setTimeout(() => fetch(api('groups/' + encodeURIComponent(cfg.group) + '/state') + query,
                             {credentials: 'same-origin'})
        .then((r) => { if (r.status === 401) location.reload(); else connect(); })
        .catch(connect), 2000);
    };
  }

  const on = (id, fn) => { const b = $(id); if (b) b.addEventListener('click', fn); };
  on('start', () => send('POST', 'groups/' + encodeURIComponent(cfg.group) + '/session', {lesson: $('lesson').value}));
  on('end', () => send('DELETE', 'groups/' + encodeURIComponent(cfg.group) + '/session'));
  on('poll-open', () => send('POST', 'groups/' + encodeURIComponent(cfg.group) + '/polls',
                            {bank: state.lesson, question: $('poll-question').value}));
  for (const action of ['again', 'close', 'reveal']) {
    on('poll-' + action, () => state && state.poll &&
      send('POST', 'groups/' + encodeURIComponent(cfg.group) + '/polls/' + state.poll.id, {action}));
  }
  connect();
})();
"""


def class_view_html(
    *, group: str, prefix: str, xsrf: str, projector: bool, lessons: list[tuple[str, str]], user: str, stuck: float = 5,
    lesson: str | None = None, heartbeat: float = 15,
) -> str:
    """The class view page for one hub group (projector mode: no names, no typed answers, no controls);
    `lesson` is the one the lesson chooser starts on."""
    config = {"group": group, "prefix": prefix, "xsrf": xsrf, "projector": projector, "stuck": stuck,
              "heartbeat": heartbeat}
    g = escape(group)
    options = "".join(
        f'<option value="{escape(b)}"{" selected" if b == lesson else ""}>{escape(b)} · {escape(t)}</option>'
        for b, t in lessons
    )
    view_url = f"{escape(prefix)}live/class/{g}"
    if projector:
        controls = ""
        learners = ""
        poll_controls = ""
        mode_link = f'<a href="{view_url}">Instructor view</a>'
    else:
        controls = f"""
<section class="wide" aria-labelledby="session-h"><h2 id="session-h">Session</h2>
 <div class="controls needs-idle"><label for="lesson">Lesson</label>
  <select id="lesson">{options}</select><button id="start" type="button">Start live session</button></div>
 <div class="controls needs-live" hidden><button id="end" type="button" class="secondary">End session</button>
  <a id="notes-link" href="#">Facilitator notes for this lesson</a></div>
 <p id="message" role="alert"></p>
</section>"""
        learners = """
<section class="wide needs-live" id="learners" aria-labelledby="learners-h" hidden>
 <h2 id="learners-h">Learners</h2>
 <table><caption class="sr-only">Each learner in the lesson: last check reached, right of answered,
  time since last answer, and whether they look stuck</caption>
 <thead><tr><th scope="col">Learner</th><th scope="col">Last check reached</th><th scope="col">Right / answered</th>
  <th scope="col">Idle</th><th scope="col">Looks stuck?</th></tr></thead><tbody id="learner-rows"></tbody></table>
 <p class="muted" id="stuck-rule"></p>
</section>"""
        poll_controls = """
 <div class="controls"><label for="poll-question">Question</label><select id="poll-question"></select>
  <button id="poll-open" type="button">Open poll</button></div>
 <div class="controls"><button id="poll-again" type="button" class="secondary" disabled>Discuss and vote again</button>
  <button id="poll-close" type="button" class="secondary" disabled>Close poll</button>
  <button id="poll-reveal" type="button" class="secondary" disabled>Reveal answer</button></div>"""
        mode_link = f'<a href="{view_url}?projector=1">Projector mode</a>'
    mode = "Projector mode" if projector else f"Signed in as {escape(user)}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class view · {g}{' · projector' if projector else ''}</title><style>{CSS}</style></head>
<body class="{'projector' if projector else 'instructor'}">
<header><h1>Class view: {g}</h1><p id="status" aria-live="off">Connecting…</p>
 <p>{mode} · <span id="connection">connecting</span> · {mode_link}</p></header>
<main>
<div id="announce" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
{controls}
<section class="needs-live" aria-labelledby="room-h" hidden><h2 id="room-h">The room</h2>
 <div class="figures"><p class="figure"><b id="in-lesson">0</b> in the lesson</p>
  <p class="figure"><b id="stuck-count">0</b> look stuck</p></div>
 <h3>Most missed now</h3><p id="most-missed"></p><p id="most-missed-count" class="muted"></p>
</section>
<section class="needs-live" aria-labelledby="poll-h" hidden><h2 id="poll-h">Poll</h2>{poll_controls}
 <div id="poll-body"></div></section>
<section class="wide needs-live" aria-labelledby="checks-h" hidden><h2 id="checks-h">Checks: answers so far</h2>
 <div id="checks"></div></section>
{learners}
</main>
<script id="live-config" type="application/json">{_json_for_script(config)}</script>
<script>{SCRIPT}</script>
</body></html>"""


def notes_html(lesson: str, banks: dict[str, Any]) -> str:
    """A lesson's facilitator notes, with each check's distractors and the feedback the course gives for them."""
    from course_helpers.classroom.live_rooms import LiveError
    from course_helpers.course.facilitator_notes import NotesError, load_notes

    loaded = banks.get(lesson)
    if loaded is None:
        raise LiveError(404, f"no lesson {lesson!r} in this course")
    try:
        notes = load_notes(lesson)
    except NotesError as exc:
        raise LiveError(404, str(exc)) from None
    bank = loaded.bank
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Facilitator notes · {escape(lesson)}"
           f"</title><style>{CSS} main {{ display:block; max-width: 60rem; }}</style></head><body>",
           f"<header><h1>Facilitator notes: {escape(bank.title)}</h1></header><main>",
           f"<p>{escape(notes.summary)} Total time: about {notes.total_minutes} minutes.</p>",
           "<h2>Sections and timing</h2><table><thead><tr><th scope='col'>Section</th><th scope='col'>Minutes</th>"
           "<th scope='col'>Demonstrate live</th><th scope='col'>Discussion prompt</th></tr></thead><tbody>"]
    for s in notes.sections:
        out.append(f"<tr><td>{escape(s.heading)}</td><td>{s.minutes}</td><td>{escape(s.demonstrate or '')}</td>"
                   f"<td>{escape(s.discuss or '')}</td></tr>")
    out.append("</tbody></table><h2>Good polls</h2><ul>")
    for p in notes.polls:
        out.append(f"<li><b>{escape(p.question)}</b>: {escape(p.why)}</li>")
    out.append("</ul>")
    out.append(f"<h2>When most of the room misses a check</h2><p>{escape(notes.when_most_miss)}</p>")
    out.append("<h2>Checks: what each wrong answer stands for</h2>")
    labels = {m.question: m for m in notes.misconceptions}
    for q in bank.questions:
        out.append(f"<h3>{escape(q.id)}</h3><p>{escape(' '.join(q.prompt.split()))}</p>")
        note = labels.get(q.id)
        if note is not None:
            out.append(f"<p><b>Misconception:</b> {escape(note.misconception)}</p>")
        feedback = getattr(q, "feedback", {}) or {}
        if feedback:
            out.append("<ul>")
            for choice, text in feedback.items():
                out.append(f"<li><b>{escape(str(choice))}</b>: {escape(' '.join(text.split()))}</li>")
            out.append("</ul>")
    out.append("</main></body></html>")
    return "".join(out)
