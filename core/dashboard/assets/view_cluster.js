// The cluster view: each Mesos agent (a Node the k8sm scheduler registered) with its CPU, memory
// and ports as bars split into used by k8sm, used by other frameworks, offered and free (from
// the master's accounting, when the user may read it; else what k8sm pods request), its Node
// conditions, cordon/uncordon, and the frameworks on the master with the CPU, memory and ports
// their tasks use and what they hold in offers.
import { api, getJson, watchCollection } from "./api.js";
import { action, bytes, h, quantity, say, table } from "./dom.js";

/** Where `k8sm up` serves Mesos' accounting (core/dashboard/mesos_share.ts). */
const MESOS_SHARE_PATH = "/k8sm/mesos/share";

const LIVE = (p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";

function requested(pods, resource) {
  let sum = 0;
  for (const p of pods) {
    for (const c of p.spec?.containers ?? []) {
      sum += quantity(c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]);
    }
  }
  return sum;
}

/** A bar of `parts` ([class, amount, label]) out of `total`; the rest is free. */
function bar(label, parts, total, format) {
  const used = parts.reduce((n, p) => n + p[1], 0);
  const text = parts.map(([, n, what]) => `${format(n)} ${what}`).join(", ");
  return h(
    "div",
    { class: "resource", "data-resource": label },
    h(
      "div",
      {},
      `${label}: ${text}; ${format(Math.max(0, total - used))} free of ${format(total)}`,
    ),
    h(
      "div",
      { class: "bar", role: "img", "aria-label": `${label}: ${text} of ${format(total)}` },
      parts.map(([cls, n]) =>
        h("span", {
          class: cls,
          "data-width": total > 0 ? Math.min(100, (n / total) * 100).toFixed(1) : "0",
        })
      ),
    ),
  );
}

const cores = (n) => `${n.toFixed(2)} CPU`;
const mib = (n) => bytes(n * 1024 * 1024);
const count = (n) => `${n}`;

/** Bars from Mesos' own accounting (k8sm, other frameworks, offered), else from pod requests. */
function bars(cap, pods, share) {
  if (share) {
    const parts = (key) => [
      ["k8sm", share.k8sm[key], "k8sm"],
      ["other", share.other[key], "other frameworks"],
      ["offered", share.offered[key], "offered"],
    ];
    return [
      bar("CPU", parts("cpus"), share.total.cpus, cores),
      bar("Memory", parts("mem"), share.total.mem, mib),
      bar("Ports", parts("ports"), share.total.ports, count),
    ];
  }
  return [
    bar(
      "CPU",
      [["k8sm", requested(pods, "cpu"), "requested by k8sm pods"]],
      quantity(cap.cpu),
      cores,
    ),
    bar(
      "Memory",
      [["k8sm", requested(pods, "memory") / 1048576, "requested by k8sm pods"]],
      quantity(cap.memory) / 1048576,
      mib,
    ),
  ];
}

function agentCard(node, pods, shares) {
  const name = node.metadata.name;
  const cap = node.status?.capacity ?? {};
  const agentId = node.spec?.providerID?.replace(/^mesos:\/\//, "") ?? "";
  const ports = pods.flatMap((p) =>
    (p.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).filter((x) => x.hostPort).map((x) => x.hostPort)
    )
  );
  const conditions = (node.status?.conditions ?? []).map((c) =>
    h(
      "span",
      { class: c.status === "True" && c.type === "Ready" ? "ok" : "muted" },
      `${c.type}=${c.status} `,
    )
  );
  const patch = (unschedulable) => () =>
    api(
      "PATCH",
      `/api/v1/nodes/${encodeURIComponent(name)}`,
      { spec: { unschedulable } },
      "application/merge-patch+json",
    );
  return h(
    "section",
    { class: "card agent", "data-node": name },
    h("h2", {}, name, " ", h("span", { class: "muted" }, agentId ? `Mesos agent ${agentId}` : "")),
    h(
      "p",
      {},
      "Conditions: ",
      conditions,
      node.spec?.unschedulable ? h("strong", {}, " cordoned") : "",
    ),
    bars(cap, pods, shares.get(agentId)),
    h("div", {}, `Ports held by k8sm pods: ${ports.length ? ports.join(", ") : "none"}`),
    h(
      "p",
      { class: "legend muted" },
      h("span", { class: "k8sm" }, "k8sm "),
      h("span", { class: "other" }, "other frameworks "),
      h("span", { class: "offered" }, "offered "),
      h("span", { class: "free" }, "free"),
      shares.has(agentId)
        ? ""
        : " (Mesos' own accounting is not available to you: the bars show what k8sm pods request)",
    ),
    h("p", {}, h("a", { href: `#/pods?node=${encodeURIComponent(name)}` }, `${pods.length} pods`)),
    h(
      "div",
      { class: "actions" },
      node.spec?.unschedulable
        ? action("Uncordon", ["patch", "nodes"], `Uncordon ${name}?`, patch(false))
        : action(
          "Cordon",
          ["patch", "nodes"],
          `Cordon ${name}? New pods will not be placed on it.`,
          patch(true),
        ),
    ),
  );
}

/** Renders the cluster view into `root`; returns its stop function. */
export function clusterView(root) {
  let nodes = new Map();
  let pods = new Map();
  let shares = new Map();
  let frameworks;
  let denied = false;
  const list = h("div", {}, h("p", { class: "muted" }, "Loading agents…"));
  const fwBox = h("div", {});
  root.append(
    h("h1", {}, "Cluster"),
    h("p", { id: "status", class: "muted" }),
    list,
    h("h2", {}, "Frameworks on the Mesos master"),
    fwBox,
  );
  const draw = () => {
    fwBox.replaceChildren(
      frameworks ? frameworksTable(frameworks) : h(
        "p",
        { class: "empty" },
        "The Mesos master's frameworks are not available to you (or Mesos is not running).",
      ),
    );
    if (denied) return;
    const byNode = new Map();
    for (const p of pods.values()) {
      if (!LIVE(p) || !p.spec?.nodeName) continue;
      if (!byNode.has(p.spec.nodeName)) byNode.set(p.spec.nodeName, []);
      byNode.get(p.spec.nodeName).push(p);
    }
    const cards = [...nodes.values()].map((n) =>
      agentCard(n, byNode.get(n.metadata.name) ?? [], shares)
    );
    list.replaceChildren(
      ...(cards.length ? cards : [
        h(
          "p",
          { class: "empty" },
          "No Mesos agent has registered yet. Agents appear here once the scheduler receives their offers.",
        ),
      ]),
    );
    // Widths are set through the CSSOM: the page's policy allows no inline style attributes.
    for (const s of list.querySelectorAll("[data-width]")) s.style.width = `${s.dataset.width}%`;
  };
  // Mesos' accounting is no watchable object: it is fetched again when the cluster changes
  // (a pod or node event), at most once a second.
  let fetching = false;
  let lastFetch = 0;
  const refreshShare = async () => {
    if (fetching || Date.now() - lastFetch < 1000) return;
    fetching = true;
    lastFetch = Date.now();
    try {
      const share = await getJson(MESOS_SHARE_PATH);
      shares = new Map(share.agents.map((a) => [a.id, a]));
      frameworks = share.frameworks;
    } catch {
      shares = new Map();
      frameworks = undefined;
    } finally {
      fetching = false;
    }
    draw();
  };
  const onChange = (e) => {
    if (e) {
      say(`Could not watch: ${e.message}`, true);
      if (e.code === 403) {
        denied = true;
        list.replaceChildren(
          h(
            "p",
            { class: "empty" },
            "You may not list nodes, so agents are not shown. Ask for a role that can read nodes.",
          ),
        );
      }
    }
    draw();
    refreshShare();
  };
  const stops = [
    watchCollection("/api/v1/nodes", (m, e) => {
      nodes = m;
      onChange(e);
    }),
    watchCollection("/api/v1/pods", (m, e) => {
      pods = m;
      onChange(e);
    }),
  ];
  return () => stops.forEach((s) => s());
}

function frameworksTable(frameworks) {
  return table(
    ["Framework", "ID", "Active", "Tasks", "CPU", "Memory", "Ports", "Offered to it"],
    frameworks.map((f) =>
      h(
        "tr",
        { "data-framework": f.name },
        h("td", {}, f.name, f.k8sm ? h("span", { class: "muted" }, " (this k8sm)") : ""),
        h("td", { class: "muted" }, f.id),
        h("td", {}, f.active ? "yes" : "no"),
        h("td", {}, String(f.tasks)),
        h("td", {}, cores(f.used.cpus)),
        h("td", {}, mib(f.used.mem)),
        h("td", {}, count(f.used.ports)),
        h(
          "td",
          { class: "muted" },
          f.offered
            ? `${cores(f.offered.cpus)}, ${mib(f.offered.mem)}, ${f.offered.ports} ports`
            : "",
        ),
      )
    ),
    "No framework is registered with the Mesos master.",
  );
}
