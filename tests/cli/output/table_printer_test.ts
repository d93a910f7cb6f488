import assert from "node:assert/strict";
import { KUBECFG_LAYOUT, renderRows, renderTable } from "../../../cli/output/table_printer.ts";

Deno.test("table printer: kubectl layout, 3 spaces between columns, upper-case headers, no trailing blanks", () => {
  const text = renderTable(["Name", "Ready", "Status"], [["nginx", "1/1", "Running"], [
    "a-much-longer-name",
    "0/1",
    "Pending",
  ]]);
  assert.equal(
    text,
    [
      "NAME                 READY   STATUS",
      "nginx                1/1     Running",
      "a-much-longer-name   0/1     Pending",
    ].join("\n"),
  );
});

Deno.test("table printer: colour codes do not count towards column widths", () => {
  const text = renderRows([["STATUS", "AGE"], ["\x1b[32mRunning\x1b[39m", "5s"]]);
  assert.equal(text.split("\n")[1], "\x1b[32mRunning\x1b[39m   5s");
});

Deno.test("table printer: the seed's kubecfg layout has columns of at least 20", () => {
  const text = renderRows([["ID", "Replicas"], ["----------", "----------"], [
    "nginxController",
    "2",
  ]], KUBECFG_LAYOUT);
  assert.equal(
    text,
    "ID                  Replicas\n----------          ----------\nnginxController     2",
  );
});
