// The cluster view: each Mesos agent (a Node the k8sm scheduler registered, capacity = the
// agent's resources) with CPU and memory bars split into what k8sm pods request and what is
// left, the host ports k8sm pods hold, Node conditions and cordon/uncordon.
import { api, watchCollection } from "./api.js";
import { action, bytes, h, quantity, say } from "./dom.js";

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

function bar(label, used, total, format) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return h(
    "div",
    { class: "resource", "data-resource": label },
    h("div", {}, `${label}: ${format(used)} of ${format(total)} used by k8sm pods`),
    h(
      "div",
      {
        class: "bar",
        role: "meter",
        "aria-label": `${label} used by k8sm pods`,
        "aria-valuenow": Math.round(pct),
        "aria-valuemin": 0,
        "aria-valuemax": 100,
      },
      h("span", { class: "k8sm", "data-width": pct.toFixed(1) }),
    ),
  );
}

function agentCard(node, pods) {
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
    bar("CPU", requested(pods, "cpu"), quantity(cap.cpu), (n) => `${n.toFixed(2)} cores`),
    bar("Memory", requested(pods, "memory"), quantity(cap.memory), bytes),
    h("div", {}, `Ports held by k8sm pods: ${ports.length ? ports.join(", ") : "none"}`),
    h(
      "p",
      { class: "legend muted" },
      h("span", { class: "k8sm" }, "k8sm pods "),
      h("span", { class: "free" }, "not used by k8sm "),
      "(the share of other Mesos frameworks is not reported yet)",
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
  const list = h("div", {}, h("p", { class: "muted" }, "Loading agents…"));
  root.append(h("h1", {}, "Cluster"), h("p", { id: "status", class: "muted" }), list);
  const draw = () => {
    const byNode = new Map();
    for (const p of pods.values()) {
      if (!LIVE(p) || !p.spec?.nodeName) continue;
      if (!byNode.has(p.spec.nodeName)) byNode.set(p.spec.nodeName, []);
      byNode.get(p.spec.nodeName).push(p);
    }
    const cards = [...nodes.values()].map((n) => agentCard(n, byNode.get(n.metadata.name) ?? []));
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
  const onError = (e) => {
    if (!e) return;
    say(`Could not watch: ${e.message}`, true);
    if (e.code === 403) {
      list.replaceChildren(
        h(
          "p",
          { class: "empty" },
          "You may not list nodes, so agents are not shown. Ask for a role that can read nodes.",
        ),
      );
    }
  };
  const stops = [
    watchCollection("/api/v1/nodes", (m, e) => {
      nodes = m;
      onError(e);
      draw();
    }),
    watchCollection("/api/v1/pods", (m, e) => {
      pods = m;
      onError(e);
      draw();
    }),
  ];
  return () => stops.forEach((s) => s());
}
