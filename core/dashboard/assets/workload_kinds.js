// The workload kinds the workloads view shows, each with its rollout progress and the actions
// kubectl offers for it: scale (RCs, Deployments, ReplicaSets, StatefulSets), rollout restart
// (Deployments, StatefulSets, DaemonSets) and delete, each confirmed and shown only when the
// API's access review allows it (the API enforces RBAC either way).
import { api } from "./api.js";
import { action, age, h } from "./dom.js";

/** The kinds, in the order the view shows them. */
export const KINDS = [
  {
    title: "Replication controllers",
    path: "/api/v1/replicationcontrollers",
    group: "",
    resource: "replicationcontrollers",
    scale: true,
  },
  {
    title: "Deployments",
    path: "/apis/apps/v1/deployments",
    group: "apps",
    resource: "deployments",
    scale: true,
    restart: true,
  },
  {
    title: "StatefulSets",
    path: "/apis/apps/v1/statefulsets",
    group: "apps",
    resource: "statefulsets",
    scale: true,
    restart: true,
  },
  {
    title: "DaemonSets",
    path: "/apis/apps/v1/daemonsets",
    group: "apps",
    resource: "daemonsets",
    restart: true,
  },
  {
    title: "ReplicaSets",
    path: "/apis/apps/v1/replicasets",
    group: "apps",
    resource: "replicasets",
    scale: true,
  },
  { title: "Jobs", path: "/apis/batch/v1/jobs", group: "batch", resource: "jobs" },
  {
    title: "CronJobs",
    path: "/apis/batch/v1/cronjobs",
    group: "batch",
    resource: "cronjobs",
    column: "Schedule",
  },
];

/** The API path of object `o` of `kind`. */
export function objectUrl(kind, o) {
  const base = kind.path.replace(/\/[^/]+$/, "");
  return `${base}/namespaces/${encodeURIComponent(o.metadata.namespace)}/${kind.resource}/${
    encodeURIComponent(o.metadata.name)
  }`;
}

/** `ready/desired ready` plus what else the kind reports about its rollout. */
function replicas(ready, desired, rest) {
  return [`${ready}/${desired} ready`, ...rest].join(", ");
}

/** The rollout progress of `o` in words. */
export function progress(kind, o) {
  const s = o.status ?? {};
  switch (kind.resource) {
    case "jobs":
      return `${s.succeeded ?? 0}/${o.spec?.completions ?? 1} succeeded, ${s.active ?? 0} active`;
    case "cronjobs": {
      const last = s.lastScheduleTime ? `last ${age(s.lastScheduleTime)} ago` : "never run";
      const paused = o.spec?.suspend ? ", suspended" : "";
      return `${o.spec?.schedule ?? "?"}: ${last}, ${(s.active ?? []).length} active${paused}`;
    }
    case "daemonsets":
      return replicas(s.numberReady ?? 0, s.desiredNumberScheduled ?? 0, [
        `${s.updatedNumberScheduled ?? 0} updated`,
        `${s.numberAvailable ?? 0} available`,
      ]);
    case "deployments":
    case "statefulsets":
      return replicas(s.readyReplicas ?? 0, o.spec?.replicas ?? 1, [
        `${s.replicas ?? 0} current`,
        `${s.updatedReplicas ?? 0} updated`,
      ]);
    default:
      return replicas(s.readyReplicas ?? 0, o.spec?.replicas ?? 1, [`${s.replicas ?? 0} current`]);
  }
}

/** Asks for a replica count and sets it through the scale subresource. */
async function scale(url, o) {
  const name = o.metadata.name;
  const answer = prompt(`Replicas for ${name}:`, String(o.spec?.replicas ?? 0));
  if (answer === null) return;
  const replicas = Number(answer);
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new Error(`${JSON.stringify(answer)} is not a number of replicas (0 or more)`);
  }
  await api("PATCH", `${url}/scale`, { spec: { replicas } }, "application/merge-patch+json");
}

/** `kubectl rollout restart`: a new restartedAt annotation on the pod template. */
function restart(url) {
  const annotations = { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() };
  return api(
    "PATCH",
    url,
    { spec: { template: { metadata: { annotations } } } },
    "application/merge-patch+json",
  );
}

/** The action buttons of `o` (each hidden until its access review allows it). */
export function controls(kind, o) {
  const ns = o.metadata.namespace;
  const name = o.metadata.name;
  const url = objectUrl(kind, o);
  return h(
    "div",
    { class: "actions" },
    kind.scale &&
      action(
        "Scale",
        ["patch", kind.resource, ns, kind.group, "scale"],
        `Scale ${name}?`,
        () => scale(url, o),
      ),
    kind.restart &&
      action(
        "Restart",
        ["patch", kind.resource, ns, kind.group],
        `Restart the rollout of ${name}?`,
        () => restart(url),
      ),
    action(
      "Delete",
      ["delete", kind.resource, ns, kind.group],
      `Delete ${kind.resource} ${ns}/${name}?`,
      () => api("DELETE", url),
      true,
    ),
  );
}
