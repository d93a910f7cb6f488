/** `k8sm get`: display objects with kubectl's columns, or as JSON, YAML or names; `-w` watches. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import {
  formatObjects,
  objectName,
  type OutputFormat,
  parseOutputFormat,
  withoutManagedFields,
} from "../cli/output/object_printer.ts";
import { TableWriter } from "../cli/output/table_writer.ts";
import { describeError } from "../core/client/client_errors.ts";
import type { KubeObject } from "../core/api/object.ts";
import {
  getObjects,
  type GetScope,
  getTable,
  watchObjects,
  watchTable,
  withTypeMeta,
} from "../core/client/get_objects.ts";
import type { RestClient } from "../core/client/rest_client.ts";
import { parseResourceArgs } from "../core/client/resource_args.ts";

interface GetFlags {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  showLabels?: boolean;
  headers?: boolean;
  showManagedFields?: boolean;
}

/** `k8sm get`: Display objects. */
export function getCommand(): Command {
  const cmd = new Command("get")
    .description(
      "Display objects of any served kind (pods, rc, svc, deploy, rs, ds, sts, jobs, cronjobs, " +
        "nodes, events, …): k8sm get TYPE[,TYPE…] [NAME…]",
    )
    .argument("[type...]", "TYPE[,TYPE…] [NAME…] or TYPE/NAME…")
    .option("-o, --output <format>", "json, yaml, wide or name (default: a table)")
    .option("-l, --selector <selector>", "label selector, e.g. app=web,tier!=db")
    .option("--field-selector <selector>", "field selector, e.g. spec.nodeName=n1")
    .option("-A, --all-namespaces", "list across all namespaces")
    .option("-w, --watch", "after listing, print rows as they change")
    .option("--show-labels", "add a LABELS column")
    .option("--no-headers", "omit the header row")
    .option("--show-managed-fields", "keep metadata.managedFields in -o json|yaml");
  addClientFlags(cmd);
  return cmd.action(clientAction(async (args: string[], flags: GetFlags, self: Command) => {
    const format = parseOutputFormat(flags.output);
    const targets = parseResourceArgs(args);
    if (flags.watch && (targets.length !== 1 || targets[0].names.length > 1)) {
      throw new Error("watch works on one resource type, or one object: k8sm get pods -w");
    }
    const { client, config } = clientFrom(self);
    const scope: GetScope = {
      namespace: config.namespace,
      allNamespaces: flags.allNamespaces,
      labelSelector: flags.selector,
      fieldSelector: flags.fieldSelector,
    };
    const errors = format === "table" || format === "wide"
      ? await printTables(client, targets, scope, flags, format === "wide")
      : await printObjects(client, targets, scope, flags, format);
    for (const e of errors) console.error(`error: ${describeError(e)}`);
    if (errors.length > 0) Deno.exitCode = 1;
  }));
}

type Target = ReturnType<typeof parseResourceArgs>[number];

function show(o: KubeObject, singular: string, format: OutputFormat, flags: GetFlags): string {
  if (format === "name") return objectName(singular, o.metadata.name);
  return formatObjects(
    [flags.showManagedFields ? o : withoutManagedFields(o)],
    format as "json",
    true,
  );
}

/** -o json|yaml|name: the objects (a List when several), then watched changes with -w. */
async function printObjects(
  client: RestClient,
  targets: Target[],
  scope: GetScope,
  flags: GetFlags,
  format: OutputFormat,
): Promise<unknown[]> {
  const objects: { o: KubeObject; singular: string }[] = [];
  const errors: unknown[] = [];
  let rv = "";
  for (const t of targets) {
    const r = await getObjects(client, t.info, t.names, scope);
    objects.push(...r.value.map((o) => ({ o, singular: t.info.singular })));
    errors.push(...r.errors);
    rv = r.resourceVersion;
  }
  const single = targets.length === 1 && targets[0].names.length === 1;
  if (format === "name" || flags.watch) {
    for (const { o, singular } of objects) console.log(show(o, singular, format, flags));
  } else if (objects.length > 0 || errors.length === 0) {
    const shown = objects.map((x) => flags.showManagedFields ? x.o : withoutManagedFields(x.o));
    console.log(formatObjects(shown, format as "json" | "yaml", single));
  }
  if (flags.watch) {
    const t = targets[0];
    for await (const ev of watchObjects(client, t.info, scope, rv, undefined, t.names[0])) {
      console.log(show(withTypeMeta(t.info, ev.object), t.info.singular, format, flags));
    }
  }
  return errors;
}

/** Tables (kubectl's columns), one per type, then rows as they change with -w. */
async function printTables(
  client: RestClient,
  targets: Target[],
  scope: GetScope,
  flags: GetFlags,
  wide: boolean,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  let printed = 0;
  let lastRv = "";
  let writer = new TableWriter();
  for (const t of targets) {
    writer = new TableWriter({
      wide,
      allNamespaces: flags.allNamespaces && t.info.namespaced,
      showLabels: flags.showLabels,
      namePrefix: targets.length > 1 ? t.info.singular : undefined,
      noHeaders: flags.headers === false,
    });
    const r = await getTable(client, t.info, t.names, scope);
    errors.push(...r.errors);
    lastRv = r.value.metadata?.resourceVersion ?? "";
    const text = writer.render(r.value);
    if (text === "") continue;
    if (printed++ > 0) console.log("");
    console.log(text);
  }
  if (printed === 0 && errors.length === 0 && !flags.watch) {
    const clusterWide = flags.allNamespaces || !targets.every((t) => t.info.namespaced);
    console.error(`No resources found${clusterWide ? "" : ` in ${scope.namespace} namespace`}.`);
  }
  if (flags.watch) {
    const t = targets[0];
    for await (const ev of watchTable(client, t.info, scope, lastRv, undefined, t.names[0])) {
      const text = writer.render(ev.table);
      if (text !== "") console.log(text);
    }
  }
  return errors;
}
