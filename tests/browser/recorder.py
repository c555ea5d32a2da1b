"""In-page timing of the main widget: what a reader did, and when the widget showed the result.

Latency is measured in the page, on the page's clock (``performance.now()``), so that neither the
Python side's polling nor Playwright's own round trips count: capturing listeners note every
input, change, pointer, key-down and click event anywhere in the page; a MutationObserver on the
main widget notes each change to what it shows, and the start of the next frame after it.
``MainWidget`` (``lab``) arms the recorder when an action begins and reads it back.
"""

# What a widget's outputs show, as one string: HTML outputs, Output widgets, labels, images (the end of their src).
OUTPUT_PARTS = ".widget-html-content, .widget-output, img, .widget-label-basic"
SNAPSHOT = """Array.from(root.querySelectorAll(parts)).map((e) =>
    e.tagName === 'IMG' ? e.src.slice(-200) : e.innerHTML).join('\\n')"""

# Arms the recorder on the main widget ``root``; the first state it notes is the widget before the action.
RECORD = f"""
(root, parts) => {{
  if (window.__fiveqRecorder) window.__fiveqRecorder.observer.disconnect();
  if (!window.__fiveqEventsHooked) {{
    window.__fiveqEventsHooked = true;
    for (const type of ['input', 'change', 'pointerdown', 'pointermove', 'pointerup', 'keydown', 'click'])
      document.addEventListener(type, () => {{
        const r = window.__fiveqRecorder; if (r) r.events.push(performance.now()); }}, true);
  }}
  const rec = {{events: [], states: [], observer: null}};
  const data = () => {{ const found = {{}};
    for (const e of root.querySelectorAll('[class*="fiveq-"]')) {{
      if (!Object.keys(e.dataset).length) continue;
      for (const c of e.classList) if (c.startsWith('fiveq-') && !(('.' + c) in found))
        found['.' + c] = Object.assign({{}}, e.dataset);
    }}
    return found; }};
  const record = () => {{
    const s = {{t: performance.now(), paint: null, snapshot: {SNAPSHOT}, data: JSON.stringify(data())}};
    const last = rec.states[rec.states.length - 1];
    if (last && last.snapshot === s.snapshot && last.data === s.data) return;
    rec.states.push(s);
    requestAnimationFrame(() => {{ s.paint = performance.now(); }});
  }};
  rec.observer = new MutationObserver(record);
  rec.observer.observe(root, {{subtree: true, childList: true, attributes: true, characterData: true}});
  window.__fiveqRecorder = rec;
  record();
}}
"""
READ_RECORD = """(k) => { const r = window.__fiveqRecorder; if (!r) return null;
  const from = Math.max(0, Math.min(k, r.states.length) - 1);  // the last one read may have got its paint time since
  return {events: r.events, from, states: r.states.slice(from).map((s) =>
    ({t: s.t, paint: s.paint, snapshot: s.snapshot, data: JSON.parse(s.data)}))}; }"""
