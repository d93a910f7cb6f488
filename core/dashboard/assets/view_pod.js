// The pod page: the pod's YAML and events (live through watches), its logs following live, a
// shell into a container, and delete. Controls the user's RBAC denies are not shown.
import { api, can, watchCollection } from "./api.js";
import { action, gated, h, say, table, yaml } from "./dom.js";
import { openShell } from "./terminal.js";
import { eventRows } from "./view_workloads.js";

function followLogs(pre, ns, name, container) {
  const abort = new AbortController();
  const q = new URLSearchParams({ follow: "true", tailLines: "1000", container });
  const url = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${
    encodeURIComponent(name)
  }/log?${q}`;
  pre.textContent = "";
  (async () => {
    // A container that has not started yet has no log: wait for it, saying why.
    while (!abort.signal.aborted) {
      try {
        const res = await api("GET", url, undefined, undefined, abort.signal);
        pre.textContent = "";
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        while (true) {
          const { value, done } = await reader.read();
          if (done) break;
          const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
          pre.append(value);
          if (atEnd) pre.scrollTop = pre.scrollHeight;
        }
        pre.append("\n[the log stream ended]");
        return;
      } catch (e) {
        if (abort.signal.aborted) return;
        pre.textContent = `[no log yet: ${e.message}; trying again]`;
        if (e.code === 401 || e.code === 403 || e.code === 404) return;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return () => abort.abort();
}

/** Renders pod `ns/name` into `root`; returns its stop function. */
export function podView(root, ns, name) {
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`;
  const summary = h("p", { class: "muted" }, "Loading…");
  const yamlPre = h("pre", { class: "yaml", tabindex: 0 });
  const events = h("div", {});
  const logs = h("pre", { class: "logs", tabindex: 0, "aria-live": "polite" });
  const shellBox = h("div", {});
  const picker = h("select", { "aria-label": "Container" });
  const stops = [];
  let shellStop;
  let logStop;
  const shellButton = h("button", {
    type: "button",
    hidden: true,
    "data-action": "shell",
    onclick: () => {
      shellStop?.();
      shellStop = openShell(shellBox, ns, name, picker.value, say);
    },
  }, "Open shell");
  gated(shellButton, can("create", "pods", ns, "", "exec"));
  const restartLogs = () => {
    logStop?.();
    logStop = followLogs(logs, ns, name, picker.value);
  };
  picker.addEventListener("change", restartLogs);
  root.append(
    h("p", {}, h("a", { href: "#/pods" }, "← Pods")),
    h("h1", {}, `Pod ${ns}/${name}`),
    h("p", { id: "status", class: "muted" }),
    summary,
    h(
      "div",
      { class: "actions" },
      h("label", {}, "Container ", picker),
      shellButton,
      action(
        "Delete",
        ["delete", "pods", ns],
        `Delete pod ${ns}/${name}?`,
        () => api("DELETE", path),
        true,
      ),
    ),
    h("h2", {}, "Logs (following)"),
    logs,
    h("h2", {}, "Shell"),
    shellBox,
    h("h2", {}, "Events"),
    events,
    h("h2", {}, "YAML"),
    yamlPre,
  );
  stops.push(
    watchCollection(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/pods?fieldSelector=metadata.name%3D${
        encodeURIComponent(name)
      }`,
      (m, e) => {
        if (e) say(`Could not watch the pod: ${e.message}`, true);
        const pod = m.get(`${ns}/${name}`);
        if (!pod) {
          summary.textContent = "This pod does not exist (any more).";
          return;
        }
        const names = (pod.spec?.containers ?? []).map((c) => c.name);
        if ([...picker.options].map((o) => o.value).join() !== names.join()) {
          picker.replaceChildren(...names.map((n) => h("option", { value: n }, n)));
          restartLogs();
        }
        const task = pod.metadata.annotations?.["k8s.mesosphere.io/taskId"];
        summary.textContent =
          `${pod.status?.phase ?? "Unknown"} on ${pod.spec?.nodeName ?? "no node yet"}` +
          (task ? `, Mesos task ${task}` : "") +
          (pod.status?.podIP ? `, IP ${pod.status.podIP}` : "");
        yamlPre.textContent = yaml(pod).trimStart();
      },
    ),
  );
  stops.push(watchCollection(`/api/v1/namespaces/${encodeURIComponent(ns)}/events`, (m) => {
    events.replaceChildren(
      table(
        ["Type", "Reason", "Object", "Message", "Age"],
        eventRows(m, (e) => e.involvedObject?.name === name && e.involvedObject?.kind === "Pod"),
        "No events for this pod.",
      ),
    );
  }));
  return () => {
    stops.forEach((s) => s());
    logStop?.();
    shellStop?.();
  };
}
