/** core/v1 Namespace. */
import type { KubeList, KubeObject } from "../object.ts";

/** The phases of a namespace. */
export type NamespacePhase = "Active" | "Terminating";

/** core/v1 Namespace. */
export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: NamespacePhase; conditions?: Record<string, unknown>[] };
}

/** core/v1 NamespaceList. */
export type NamespaceList = KubeList<Namespace>;
