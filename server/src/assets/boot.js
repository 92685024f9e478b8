// Progressive enhancement for every page. Pages work without it.
// 1. Quick exit: leave at once and replace this page in the history, so Back does not return
//    to it; Escape pressed twice does the same.
// 2. Islands: when the browser is idle, load the WebAssembly bundle and hydrate each island.
// 3. Webinar times: a column (or row) in the viewer's own time zone, written by the browser's
//    Intl (its ICU data), when that zone is not already shown.
// 4. Copy buttons beside read-only fields to copy (invitation links, document links); without
//    a script the field is selected with one tap.
const BUNDLE = __BUNDLE__;
document.documentElement.dataset.boot = "1";

const exit = document.getElementById("quick-exit");
if (exit) {
  const leave = (event) => {
    if (event) event.preventDefault();
    document.body.hidden = true;
    window.location.replace(exit.href);
  };
  exit.addEventListener("click", leave);
  let lastEscape = 0;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 1000) leave(event);
    lastEscape = now;
  });
}

// A "Copy" button (in the page's words, from the field's data attributes) after each field.
for (const field of document.querySelectorAll("input.copy[readonly][data-copy]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button link-button";
  button.textContent = field.dataset.copy;
  button.addEventListener("click", async () => {
    field.select();
    let done = false;
    try {
      await navigator.clipboard.writeText(field.value);
      done = true;
    } catch (_) {
      // No clipboard API (a page not served over HTTPS): the older command still copies.
      done = document.execCommand && document.execCommand("copy");
    }
    if (done) {
      button.textContent = field.dataset.copied;
      setTimeout(() => { button.textContent = field.dataset.copy; }, 2000);
    }
  });
  field.after(button);
}

// Hydrates islands in document order, nested islands after their parents (as Leptos does).
async function hydrateIslands(root, mod) {
  const childrenCallbacks = [];
  async function traverse(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "leptos-island") {
      const hydrate = mod[node.dataset.component];
      if (hydrate) {
        const cb = childrenCallbacks[childrenCallbacks.length - 1];
        if (cb) cb();
        const result = hydrate(node);
        if (result && result.then) await result;
      } else {
        console.warn(`no island named ${node.dataset.component} in the bundle`);
      }
    } else if (tag === "leptos-children") {
      childrenCallbacks.push(node.$$on_hydrate);
      for (const child of node.children) await traverse(child);
      childrenCallbacks.pop();
      return;
    }
    for (const child of node.children) await traverse(child);
  }
  await traverse(root);
}

// Times the server marked with `data-start`/`data-end` (UTC) get the viewer's own zone beside
// the partners' zones.
(function ownZone() {
  const when = document.querySelector("table.event-when[data-start]");
  if (!when || typeof Intl === "undefined") return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shown = (when.dataset.zones || "").split(" ");
  if (!zone || shown.includes(zone)) return;
  const lang = document.documentElement.lang || "en";
  const city = zone.split("/").pop().replace(/_/g, " ");
  const label = (when.dataset.ownLabel || "{zone}").replace("{zone}", city);
  const day = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: zone });
  const clock = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZone: zone });
  const span = (start, end) => {
    const a = new Date(start), b = new Date(end);
    return a.getTime() === b.getTime() ? clock.format(a) : `${clock.format(a)}–${clock.format(b)}`;
  };
  const row = document.createElement("tr");
  row.className = "own-zone";
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = label;
  const td = document.createElement("td");
  td.textContent = `${day.format(new Date(when.dataset.start))}, ${span(when.dataset.start, when.dataset.end)}`;
  row.append(th, td);
  when.tBodies[0].append(row);
  const agenda = document.querySelector("table.agenda-table");
  if (!agenda) return;
  const head = document.createElement("th");
  head.scope = "col";
  head.textContent = label;
  agenda.tHead.rows[0].insertBefore(head, agenda.tHead.rows[0].lastElementChild);
  for (const tr of agenda.tBodies[0].rows) {
    const cell = document.createElement("td");
    cell.className = "agenda-time";
    if (tr.dataset.start) cell.textContent = span(tr.dataset.start, tr.dataset.end || tr.dataset.start);
    tr.insertBefore(cell, tr.lastElementChild);
  }
})();

if (BUNDLE && document.querySelector("leptos-island")) {
  const start = async () => {
    const mod = await import(BUNDLE.js);
    await mod.default({ module_or_path: BUNDLE.wasm });
    mod.hydrate();
    await hydrateIslands(document.body, mod);
    document.documentElement.dataset.hydrated = "true";
  };
  const whenIdle = window.requestIdleCallback || ((f) => setTimeout(f, 1));
  whenIdle(() => start().catch((e) => console.error("hydration failed", e)));
}
