/**
 * Status colouring for tables: Running green, Pending/ContainerCreating yellow,
 * Failed/Error/CrashLoopBackOff red. Plain when NO_COLOR is set or stdout is not a terminal.
 */
import { Chalk } from "chalk";

const GREEN = new Set(["Running", "Ready", "Active", "Bound", "Succeeded", "Completed", "Normal"]);
const YELLOW = new Set([
  "Pending",
  "ContainerCreating",
  "Waiting",
  "PodInitializing",
  "Terminating",
  "Unknown",
  "NotReady",
  "Warning",
]);
const RED = new Set([
  "Failed",
  "Error",
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "OOMKilled",
  "Evicted",
  "Terminated",
  "ContainerCannotRun",
]);

/**
 * True when coloured output is wanted: never with a non-empty NO_COLOR; always with FORCE_COLOR
 * set to anything but "", "0" or "false"; otherwise when stdout is a terminal.
 */
export function colorEnabled(): boolean {
  const noColor = Deno.env.get("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  const force = Deno.env.get("FORCE_COLOR");
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return Deno.stdout.isTerminal();
}

let chalkInstance: InstanceType<typeof Chalk> | undefined;

/** The colour a status word is shown in, or undefined for none. */
export function statusColor(text: string): "green" | "yellow" | "red" | undefined {
  const word = text.split(/[:,]/)[0].trim();
  if (GREEN.has(word)) return "green";
  if (YELLOW.has(word)) return "yellow";
  if (RED.has(word) || word.startsWith("Init:Error") || word.startsWith("Init:CrashLoop")) {
    return "red";
  }
  return undefined;
}

/** `text` coloured by the status it names when `enabled` (default: colorEnabled()). */
export function colorStatus(text: string, enabled?: boolean): string {
  const on = enabled ?? (chalkInstance ??= new Chalk({ level: colorEnabled() ? 1 : 0 })).level > 0;
  const color = on ? statusColor(text) : undefined;
  if (!color) return text;
  return new Chalk({ level: 1 })[color](text);
}

/** Removes ANSI colour codes (for width computations and plain comparisons). */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
