import assert from "node:assert/strict";
import { colorStatus, statusColor, stripAnsi } from "../../../cli/output/colors.ts";

Deno.test("colors: Running green, Pending/ContainerCreating yellow, Failed/Error/CrashLoopBackOff red", () => {
  assert.equal(statusColor("Running"), "green");
  assert.equal(statusColor("Pending"), "yellow");
  assert.equal(statusColor("ContainerCreating"), "yellow");
  for (const s of ["Failed", "Error", "CrashLoopBackOff"]) assert.equal(statusColor(s), "red");
  assert.equal(statusColor("Ready,SchedulingDisabled"), "green");
  assert.equal(statusColor("Whatever"), undefined);
});

Deno.test("colors: ANSI codes only when enabled, and strippable", () => {
  assert.equal(colorStatus("Running", false), "Running");
  const on = colorStatus("Running", true);
  assert.notEqual(on, "Running");
  assert.equal(stripAnsi(on), "Running");
  assert.equal(colorStatus("Unknownish", true), "Unknownish");
});
