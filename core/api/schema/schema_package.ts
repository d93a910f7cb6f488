/** Kubernetes' schema package names of API group-versions. */

/** The schema package of a group-version (`io.k8s.api.core.v1`, `io.k8s.api.rbac.v1`). */
export function packageOf(group: string, version: string): string {
  if (group === "") return `io.k8s.api.core.${version}`;
  if (group === "meta.k8s.io") return `io.k8s.apimachinery.pkg.apis.meta.${version}`;
  return `io.k8s.api.${group.split(".")[0]}.${version}`;
}
