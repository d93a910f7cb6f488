/**
 * The `-f/--filename` flag of create, apply and delete (repeatable; files, directories, `-`),
 * the seed's global `-c FILE`, and the loop that writes each manifest object and prints
 * `pod/nginx created` lines, reporting failures per object like kubectl.
 */
import type { Command } from "commander";
import { describeError } from "../core/client/client_errors.ts";
import { loadManifests } from "../core/client/manifest_loader.ts";
import { type ManifestTarget, manifestTarget } from "../core/client/manifest_target.ts";

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds a repeatable `-f, --filename` option. */
export function addFilenameFlag(cmd: Command, what: string): Command {
  return cmd.option(
    "-f, --filename <path>",
    `file, directory or - (stdin) with the objects to ${what} (repeatable)`,
    collect,
  );
}

/** The manifest paths from `-f` and the program's `-c`. */
export function manifestPaths(cmd: Command): string[] {
  const o = cmd.optsWithGlobals() as { filename?: string[]; config?: string };
  const paths = [...(o.filename ?? [])];
  if (o.config) paths.push(o.config);
  return paths;
}

/**
 * Loads and resolves the manifests named by `paths` (throws on the first unreadable one);
 * `config` gives the namespace and whether -n named it.
 */
export async function loadTargets(
  paths: string[],
  config: { namespace: string; namespaceFromFlag?: boolean },
  resourceHint?: string,
): Promise<ManifestTarget[]> {
  const manifests = await loadManifests(paths);
  return manifests.map((m) =>
    manifestTarget(m, config.namespace, resourceHint, config.namespaceFromFlag ?? false)
  );
}

/**
 * Runs `write` on each target, printing its `kind/name action` line or an error line; sets
 * exit code 1 if any failed.
 */
export async function writeEach(
  targets: ManifestTarget[],
  write: (t: ManifestTarget) => Promise<{ singular: string; name: string; action: string }>,
): Promise<void> {
  let failed = false;
  for (const t of targets) {
    try {
      const r = await write(t);
      console.log(`${r.singular}/${r.name} ${r.action}`);
    } catch (e) {
      console.error(`error: ${describeError(e)}`);
      failed = true;
    }
  }
  if (failed) Deno.exitCode = 1;
}
