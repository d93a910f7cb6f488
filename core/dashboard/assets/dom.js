// DOM helpers for the dashboard: elements built from data (never markup from data, so object
// names and messages cannot inject HTML), quantities, YAML and confirmed actions.
import { can } from "./api.js";

/** Creates an element: `h("td", { class: "x", onclick }, "text", child)`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) el.append(c);
  }
  return el;
}

/** A table with a header row, or `empty` (a plain sentence) when there are no rows. */
export function table(headers, rows, empty) {
  if (rows.length === 0) return h("p", { class: "empty" }, empty);
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows),
  );
}

const SUFFIX = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** A Kubernetes quantity ("500m", "2", "512Mi") as a number (0 when absent or unreadable). */
export function quantity(text) {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(text ?? "").trim());
  if (!m) return 0;
  return Number(m[1]) * (SUFFIX[m[2]] ?? 1);
}

/** Bytes in the largest binary unit that keeps a number ≥ 1. */
export function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** How long ago an RFC 3339 time was, e.g. "5m". */
export function age(time) {
  if (!time) return "";
  const s = Math.max(0, (Date.now() - Date.parse(time)) / 1000);
  if (s < 120) return `${Math.floor(s)}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@:-]*( [A-Za-z0-9_./@:-]+)*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~|[-+]?\.(inf|nan))$/i;

/** A string YAML would read back as the same string unquoted. */
function plainSafe(v) {
  return PLAIN.test(v) && !v.includes(": ") && !v.endsWith(":") && !RESERVED.test(v) &&
    Number.isNaN(Number(v));
}

function scalar(v) {
  if (typeof v === "string") return plainSafe(v) ? v : JSON.stringify(v);
  return String(v);
}

/** An object as YAML (block style, strings quoted when they would read as something else). */
export function yaml(value, indent = "") {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return value.map((v) =>
      `\n${indent}- ${
        typeof v === "object" && v !== null ? yaml(v, indent + "  ").trimStart() : scalar(v)
      }`
    ).join("");
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return entries.map(([k, v]) => {
      const nested = typeof v === "object" && v !== null;
      const inner = nested ? yaml(v, indent + "  ") : scalar(v);
      return `\n${indent}${scalar(k)}:${inner.startsWith("\n") ? "" : " "}${inner}`;
    }).join("");
  }
  return scalar(value);
}

/** The message line of the view: `say(text, isError)`. */
export function say(text, isError = false) {
  const el = document.getElementById("status");
  if (!el) return;
  el.textContent = text;
  el.className = isError ? "error" : "muted";
}

/**
 * A button for an action the user confirms first, shown only when a SelfSubjectAccessReview
 * allows `check` ([verb, resource, namespace, group, subresource]); the API enforces anyway.
 */
export function action(label, check, question, run, danger = false) {
  const button = h("button", {
    type: "button",
    class: danger ? "danger" : undefined,
    hidden: true,
    "data-action": label.toLowerCase(),
    onclick: async () => {
      if (!confirm(question)) return;
      try {
        await run();
        say(`${label}: done.`);
      } catch (e) {
        say(`${label} failed: ${e.message}`, true);
      }
    },
  }, label);
  return gated(button, can(...check));
}

/** Shows `el` once `allowed` resolves true; marks it `data-access` allowed or denied. */
export function gated(el, allowed) {
  allowed.then((ok) => {
    el.hidden = !ok;
    el.dataset.access = ok ? "allowed" : "denied";
  });
  return el;
}
