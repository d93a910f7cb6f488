// Workloads (replication controllers, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs
// and CronJobs: whichever the API serves), services with their endpoints, and events (warnings
// first), each live through a watch (one WebSocket per kind: see watchCollection).
import { watchCollection } from "./api.js";
import { age, h, say, table } from "./dom.js";
import { controls, KINDS, progress } from "./workload_kinds.js";

/** Renders the workloads view into `root`; returns its stop function. */
export function workloadsView(root) {
  root.append(h("h1", {}, "Workloads"), h("p", { id: "status", class: "muted" }));
  const stops = KINDS.map((kind) => {
    const section = h(
      "section",
      { class: "card", "data-kind": kind.resource },
      h("h2", {}, kind.title),
      h("p", { class: "muted" }, "Loading…"),
    );
    root.append(section);
    return watchCollection(kind.path, (m, e) => {
      if (e && e.code === 404) {
        section.replaceChildren(
          h("h2", {}, kind.title),
          h("p", { class: "empty" }, "This cluster does not serve this kind."),
        );
        return;
      }
      if (e) say(`Could not watch ${kind.title.toLowerCase()}: ${e.message}`, true);
      const rows = [...m.values()].map((o) =>
        h(
          "tr",
          { "data-name": o.metadata.name },
          h("td", {}, o.metadata.namespace),
          h("td", {}, o.metadata.name),
          h("td", { class: "progress" }, progress(kind, o)),
          h("td", {}, age(o.metadata.creationTimestamp)),
          h("td", {}, controls(kind, o)),
        )
      );
      section.replaceChildren(
        h("h2", {}, kind.title),
        table(
          ["Namespace", "Name", kind.column ?? "Progress", "Age", ""],
          rows,
          `No ${kind.title.toLowerCase()}.`,
        ),
      );
    });
  });
  return () => stops.forEach((s) => s());
}

/** Renders services with their endpoints into `root`; returns its stop function. */
export function servicesView(root) {
  let services = new Map();
  let endpoints = new Map();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  root.append(h("h1", {}, "Services"), h("p", { id: "status", class: "muted" }), body);
  const draw = () => {
    const rows = [...services.values()].map((s) => {
      const ep = endpoints.get(`${s.metadata.namespace}/${s.metadata.name}`);
      const addrs = (ep?.subsets ?? []).flatMap((sub) =>
        (sub.addresses ?? []).flatMap((a) => (sub.ports ?? []).map((p) => `${a.ip}:${p.port}`))
      );
      const ports = (s.spec?.ports ?? []).map((p) =>
        `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`
      );
      return h(
        "tr",
        {},
        h("td", {}, s.metadata.namespace),
        h("td", {}, s.metadata.name),
        h("td", {}, s.spec?.clusterIP ?? ""),
        h("td", {}, ports.join(", ")),
        h(
          "td",
          {},
          addrs.length ? addrs.join(", ") : h("span", { class: "muted" }, "no ready endpoints"),
        ),
      );
    });
    body.replaceChildren(
      table(["Namespace", "Name", "Cluster IP", "Ports", "Endpoints"], rows, "No services."),
    );
  };
  const stops = [
    watchCollection("/api/v1/services", (m, e) => {
      services = m;
      if (e) say(e.message, true);
      draw();
    }),
    watchCollection("/api/v1/endpoints", (m) => {
      endpoints = m;
      draw();
    }),
  ];
  return () => stops.forEach((s) => s());
}

/** Event rows, warnings first then newest first; `filter` picks which. */
export function eventRows(events, filter = () => true) {
  const time = (e) =>
    Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? 0);
  return [...events.values()].filter(filter).sort((a, b) =>
    (a.type === "Warning" ? 0 : 1) - (b.type === "Warning" ? 0 : 1) || time(b) - time(a)
  ).map((e) =>
    h(
      "tr",
      { class: e.type ?? "Normal" },
      h("td", {}, e.type ?? ""),
      h("td", {}, e.reason ?? ""),
      h("td", {}, `${e.involvedObject?.kind ?? ""}/${e.involvedObject?.name ?? ""}`),
      h("td", {}, e.message ?? ""),
      h("td", {}, age(e.lastTimestamp ?? e.metadata.creationTimestamp)),
    )
  );
}

/** Renders the event stream into `root`; returns its stop function. */
export function eventsView(root) {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
  root.append(h("h1", {}, "Events"), h("p", { id: "status", class: "muted" }), body);
  return watchCollection("/api/v1/events", (m, e) => {
    if (e) say(`Could not watch events: ${e.message}`, true);
    body.replaceChildren(
      table(
        ["Type", "Reason", "Object", "Message", "Age"],
        eventRows(m),
        "No events. They appear here as the cluster records them.",
      ),
    );
  });
}
