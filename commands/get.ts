/** `k8sm get`: display objects with kubectl's columns, or as JSON, YAML or names; `-w` watches. */
import { Command } from "commander";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import {
  formatObjects,
  objectName,
  parseOutputFormat,
  withoutManagedFields,
} from "../cli/output/object_printer.ts";
import { TableWriter } from "../cli/output/table_writer.ts";
import { describeError } from "../core/client/client_errors.ts";
import { getObjects, type GetScope, getTable, watchTable } from "../core/client/get_objects.ts";
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
    .description("Display objects: k8sm get pods | rc | svc | ep | nodes | ns | events [NAME…]")
    .argument("<type...>", "TYPE[,TYPE…] [NAME…] or TYPE/NAME…")
    .option("-o, --output <format>", "json, yaml, wide or name")
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
    const { client, config } = clientFrom(self);
    const scope: GetScope = {
      namespace: config.namespace,
      allNamespaces: flags.allNamespaces,
      labelSelector: flags.selector,
      fieldSelector: flags.fieldSelector,
    };
    const errors: unknown[] = [];
    if (format === "json" || format === "yaml" || format === "name") {
      const objects = [];
      for (const t of targets) {
        const r = await getObjects(client, t.info, t.names, scope);
        objects.push(...r.value.map((o) => ({ o, singular: t.info.singular })));
        errors.push(...r.errors);
      }
      if (format === "name") {
        for (const { o, singular } of objects) console.log(objectName(singular, o.metadata.name));
      } else if (objects.length > 0 || errors.length === 0) {
        const single = targets.length === 1 && targets[0].names.length === 1;
        const shown = objects.map((x) => flags.showManagedFields ? x.o : withoutManagedFields(x.o));
        console.log(formatObjects(shown, format, single));
      }
    } else {
      let printed = 0;
      let lastRv = "";
      let writer: TableWriter | undefined;
      for (const t of targets) {
        writer = new TableWriter({
          wide: format === "wide",
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
        const where = flags.allNamespaces || !targets.every((t) => t.info.namespaced)
          ? ""
          : ` in ${config.namespace} namespace`;
        console.error(`No resources found${where}.`);
      }
      if (flags.watch) {
        if (targets.length !== 1 || targets[0].names.length > 1) {
          throw new Error(
            "watch is only supported on individual resources and resource collections",
          );
        }
        const t = targets[0];
        for await (const ev of watchTable(client, t.info, scope, lastRv, undefined, t.names[0])) {
          const text = (writer as TableWriter).render(ev.table);
          if (text !== "") console.log(text);
        }
      }
    }
    for (const e of errors) console.error(`error: ${describeError(e)}`);
    if (errors.length > 0) Deno.exitCode = 1;
  }));
}
