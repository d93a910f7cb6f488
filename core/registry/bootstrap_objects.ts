/**
 * Objects the apiserver creates at start when absent (bootstrap policy, system accounts), of
 * any served kind. What an operator changed is kept, except objects annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "true"`, which are reconciled to the given
 * version on every start, as kube-apiserver does with its bootstrap roles.
 */
import type { KubeObject } from "../api/object.ts";
import * as errors from "../api/status.ts";
import type { Registry } from "./registry.ts";

/** The annotation that lets the apiserver overwrite a bootstrap object on start. */
export const AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";

/** What ensureBootstrapObjects did with each object ("kind ns/name"). */
export interface BootstrapReport {
  created: string[];
  reconciled: string[];
  kept: string[];
}

function label(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return `${obj.kind} ${m.namespace ? `${m.namespace}/` : ""}${m.name ?? ""}`;
}

function content(obj: KubeObject): string {
  const { metadata: _m, kind: _k, apiVersion: _a, ...rest } = obj;
  return JSON.stringify(rest);
}

/** The reconciled object: the given content, the stored identity, labels and annotations merged. */
function reconciled(current: KubeObject, given: KubeObject): KubeObject {
  const { metadata: gm, ...rest } = structuredClone(given);
  const { resourceVersion: _rv, ...cm } = current.metadata;
  const meta = { ...cm };
  if (gm.labels) meta.labels = { ...cm.labels, ...gm.labels };
  if (gm.annotations) meta.annotations = { ...cm.annotations, ...gm.annotations };
  return { ...rest, metadata: meta } as KubeObject;
}

/** True when the stored object differs from the given one in content, labels or annotations. */
function differs(current: KubeObject, given: KubeObject): boolean {
  if (content(current) !== content(given)) return true;
  const cm = current.metadata;
  const gm = given.metadata;
  return Object.entries(gm.labels ?? {}).some(([k, v]) => cm.labels?.[k] !== v) ||
    Object.entries(gm.annotations ?? {}).some(([k, v]) => cm.annotations?.[k] !== v);
}

/**
 * Creates each object that does not exist; reconciles existing ones that carry the autoupdate
 * annotation set to "true". `registryOf` maps a resource to its registry. Throws an Error
 * naming the object for one whose kind is not served or that the registry refuses.
 */
export async function ensureBootstrapObjects(
  objects: readonly KubeObject[],
  registryOf: (obj: KubeObject) => Registry | undefined,
): Promise<BootstrapReport> {
  const report: BootstrapReport = { created: [], reconciled: [], kept: [] };
  for (const given of objects) {
    const reg = registryOf(given);
    if (reg === undefined) {
      throw new Error(
        `bootstrap object ${label(given)} has apiVersion ${given.apiVersion} and kind ` +
          `${given.kind}, which this apiserver does not serve; fix or remove it`,
      );
    }
    const ns = reg.info.namespaced ? given.metadata.namespace ?? "default" : "";
    const name = given.metadata.name ?? "";
    try {
      let current: KubeObject | undefined;
      try {
        current = await reg.get(ns, name);
      } catch (e) {
        if (!errors.isApiError(e, 404)) throw e;
      }
      if (current === undefined) {
        await reg.create(ns, structuredClone(given));
        report.created.push(label(given));
      } else if (
        current.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === "true" &&
        differs(current, given)
      ) {
        await reg.mutate(ns, name, (cur) => reconciled(cur, given), "update");
        report.reconciled.push(label(given));
      } else {
        report.kept.push(label(given));
      }
    } catch (e) {
      if (errors.isApiError(e, 409)) continue; // another apiserver created it meanwhile
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`cannot ensure bootstrap object ${label(given)}: ${why}`);
    }
  }
  return report;
}
