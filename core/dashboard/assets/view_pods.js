// The pods view: every pod with its namespace, node (Mesos agent), phase, restarts and Mesos task
// id, filtered by namespace, label selector and node, live through a watch. The list is
// virtualised: only the rows in sight are in the DOM, so thousands of pods scroll smoothly.
import { watchCollection } from "./api.js";
import { h, say } from "./dom.js";

const ROW = 32;
const TASK_ID = "k8s.mesosphere.io/taskId";

function restarts(p) {
  return (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** True when `labels` satisfy a comma-separated `k=v`, `k!=v`, `k` or `!k` selector. */
export function matchesSelector(labels, selector) {
  return selector.split(",").map((s) => s.trim()).filter(Boolean).every((term) => {
    let m;
    if ((m = /^([^!=]+)!=(.*)$/.exec(term))) return labels[m[1].trim()] !== m[2].trim();
    if ((m = /^([^!=]+)==?(.*)$/.exec(term))) return labels[m[1].trim()] === m[2].trim();
    if (term.startsWith("!")) return !(term.slice(1).trim() in labels);
    return term in labels;
  });
}

/** Renders the pods view into `root` with the filters of `query`; returns its stop function. */
export function podsView(root, query) {
  let pods = new Map();
  let rows = [];
  const filters = {
    namespace: query.get("namespace") ?? "",
    label: query.get("label") ?? "",
    node: query.get("node") ?? "",
  };
  const input = (key, label, placeholder) =>
    h(
      "label",
      {},
      `${label} `,
      h("input", {
        value: filters[key],
        placeholder,
        "data-filter": key,
        oninput: (e) => {
          filters[key] = e.target.value.trim();
          draw();
        },
      }),
    );
  const count = h("span", { class: "muted" });
  const spacer = h("div", { class: "spacer" });
  const head = h(
    "div",
    { class: "vrow head", role: "row" },
    ["Namespace", "Name", "Node", "Phase", "Restarts", "Mesos task"].map((x) =>
      h("span", { role: "columnheader" }, x)
    ),
  );
  const body = h("div", { class: "rows" });
  const scroller = h(
    "div",
    { class: "vlist", role: "table", "aria-label": "Pods", tabindex: 0 },
    head,
    spacer,
    body,
  );
  root.append(
    h("h1", {}, "Pods"),
    h(
      "div",
      { class: "filters" },
      input("namespace", "Namespace", "all"),
      input("label", "Labels", "app=nginx"),
      input("node", "Node", "all"),
      count,
    ),
    h("p", { id: "status", class: "muted" }),
    scroller,
  );
  const paint = () => {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW) - 5);
    const last = Math.min(rows.length, first + Math.ceil(scroller.clientHeight / ROW) + 10);
    const visible = [];
    for (let i = first; i < last; i++) {
      const p = rows[i];
      const href = `#/pod/${encodeURIComponent(p.metadata.namespace)}/${
        encodeURIComponent(p.metadata.name)
      }`;
      const row = h(
        "a",
        { class: "vrow", role: "row", href, "data-pod": p.metadata.name, "data-index": i },
        h("span", {}, p.metadata.namespace),
        h("span", {}, p.metadata.name),
        h("span", {}, p.spec?.nodeName ?? "(not scheduled)"),
        h("span", {}, p.status?.phase ?? ""),
        h("span", {}, String(restarts(p))),
        h("span", { class: "muted" }, p.metadata.annotations?.[TASK_ID] ?? ""),
      );
      row.style.top = `${(i + 1) * ROW}px`;
      visible.push(row);
    }
    // Redrawing must not lose the keyboard focus: it moves to the same row, or to the list.
    const focused = body.contains(document.activeElement)
      ? document.activeElement.dataset.index
      : undefined;
    body.replaceChildren(...visible);
    if (focused !== undefined) {
      (body.querySelector(`[data-index="${focused}"]`) ?? scroller).focus({ preventScroll: true });
    }
  };
  let queued = false;
  const draw = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      rows = [...pods.values()].filter((p) =>
        (!filters.namespace || p.metadata.namespace === filters.namespace) &&
        (!filters.node || p.spec?.nodeName === filters.node) &&
        (!filters.label || matchesSelector(p.metadata.labels ?? {}, filters.label))
      ).sort((a, b) =>
        a.metadata.namespace.localeCompare(b.metadata.namespace) ||
        a.metadata.name.localeCompare(b.metadata.name)
      );
      spacer.style.height = `${rows.length * ROW}px`;
      count.textContent = pods.size === 0
        ? "No pods yet. Create one with kubectl run or kubectl create -f."
        : `${rows.length} of ${pods.size} pods`;
      paint();
    });
  };
  scroller.addEventListener("scroll", paint, { passive: true });
  // Arrow keys move between rows (Home/End to the ends), scrolling rows into the DOM first.
  scroller.addEventListener("keydown", (e) => {
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (!(e.key in moves) && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const at = Number(document.activeElement?.dataset?.index ?? -1);
    const target = e.key === "Home"
      ? 0
      : e.key === "End"
      ? rows.length - 1
      : Math.min(rows.length - 1, Math.max(0, at + moves[e.key]));
    const top = (target + 1) * ROW;
    if (top < scroller.scrollTop + ROW) scroller.scrollTop = top - ROW;
    else if (top + ROW > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = top + ROW - scroller.clientHeight;
    }
    paint();
    body.querySelector(`[data-index="${target}"]`)?.focus({ preventScroll: true });
  });
  const stop = watchCollection("/api/v1/pods", (m, e) => {
    pods = m;
    if (e) say(`Could not watch pods: ${e.message}`, true);
    draw();
  });
  return stop;
}
