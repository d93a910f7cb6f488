import assert from "node:assert/strict";
import {
  CLI_TABLE3_MAX_ROWS,
  columnWidths,
  KUBECFG_LAYOUT,
  padRows,
  renderRows,
  renderTable,
} from "../../../cli/output/table_printer.ts";

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

Deno.test("table printer: big tables are padded directly, exactly as cli-table3 lays out small ones", () => {
  const rows = [
    ["NAME", "STATUS", "AGE"],
    ...Array.from({ length: 50 }, (_, i) => [
      `pod-${i}`.repeat(1 + (i % 3)),
      i % 2 ? "\x1b[32mRunning\x1b[39m" : "Pending",
      `${i}s`,
    ]),
  ];
  const widths = columnWidths(rows);
  assert.equal(padRows(rows, widths), renderRows(rows));
  const big = [
    rows[0],
    ...Array.from({ length: CLI_TABLE3_MAX_ROWS + 1 }, (_, i) => [`p${i}`, "Running", "1s"]),
  ];
  const text = renderRows(big);
  assert.equal(text.split("\n").length, CLI_TABLE3_MAX_ROWS + 2);
  assert.equal(text.split("\n")[1], "p0     Running   1s");
});
