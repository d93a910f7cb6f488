import assert from "node:assert/strict";
import { colorEnabled, colorStatus, statusColor, stripAnsi } from "../../../cli/output/colors.ts";

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

Deno.test("colors: NO_COLOR wins, FORCE_COLOR=0 does not force, a non-terminal stdout stays plain", () => {
  const saved = { NO_COLOR: Deno.env.get("NO_COLOR"), FORCE_COLOR: Deno.env.get("FORCE_COLOR") };
  const set = (name: string, value: string | undefined) =>
    value === undefined ? Deno.env.delete(name) : Deno.env.set(name, value);
  try {
    set("NO_COLOR", "1");
    set("FORCE_COLOR", "1");
    assert.equal(colorEnabled(), false);
    set("NO_COLOR", undefined);
    assert.equal(colorEnabled(), true);
    set("FORCE_COLOR", "0");
    assert.equal(colorEnabled(), Deno.stdout.isTerminal());
    set("FORCE_COLOR", undefined);
    assert.equal(colorEnabled(), Deno.stdout.isTerminal());
  } finally {
    set("NO_COLOR", saved.NO_COLOR);
    set("FORCE_COLOR", saved.FORCE_COLOR);
  }
});
