import assert from "node:assert/strict";
import { TableWriter } from "../../../cli/output/table_writer.ts";
import type { MetaTable } from "../../../core/client/meta_table.ts";

Deno.env.set("NO_COLOR", "1");

function podTable(name: string, status: string, withColumns = true): MetaTable {
  const col = (n: string, priority = 0, format = "") => ({
    name: n,
    type: "string",
    format,
    priority,
  });
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "7" },
    columnDefinitions: withColumns
      ? [
        col("Name", 0, "name"),
        col("Ready"),
        col("Status"),
        col("Restarts"),
        col("Age"),
        col("IP", 1),
        col("Node", 1),
      ]
      : [],
    rows: [{
      cells: [name, "1/1", status, 0, "5m", "10.1.0.5", "agent-1"],
      object: { metadata: { name, namespace: "team", labels: { app: "web" } } },
    }],
  };
}

Deno.test("table writer: default columns, then wide with NAMESPACE for -A", () => {
  assert.equal(
    new TableWriter().render(podTable("nginx", "Running")),
    "NAME    READY   STATUS    RESTARTS   AGE\nnginx   1/1     Running   0          5m",
  );
  assert.equal(
    new TableWriter({ wide: true, allNamespaces: true }).render(podTable("nginx", "Running")),
    "NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   IP         NODE\n" +
      "team        nginx   1/1     Running   0          5m    10.1.0.5   agent-1",
  );
});

Deno.test("table writer: later rows (watch events without columns) align under the header", () => {
  const w = new TableWriter({ showLabels: true });
  const first = w.render(podTable("nginx", "Pending"));
  assert.equal(first.split("\n")[0], "NAME    READY   STATUS    RESTARTS   AGE   LABELS");
  const next = w.render(podTable("nginx", "Running", false));
  assert.equal(next, "nginx   1/1     Running   0          5m    app=web");
});

Deno.test("table writer: several types prefix names with the kind", () => {
  const text = new TableWriter({ namePrefix: "pod" }).render(podTable("nginx", "Running"));
  assert.equal(text.split("\n")[1].split(" ")[0], "pod/nginx");
});
