// Progressive enhancement for every page. Pages work without it.
// 1. Quick exit: leave at once and replace this page in the history, so Back does not return
//    to it; Escape pressed twice does the same.
// 2. Islands: when the browser is idle, load the WebAssembly bundle and hydrate each island.
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
