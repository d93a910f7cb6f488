/** core/v1 ServiceAccount: an identity for processes in pods (and k8sm components). */
import type { KubeList, KubeObject } from "../object.ts";
import type { LocalObjectReference, ObjectReference } from "./object_reference.ts";

/** core/v1 ServiceAccount. */
export interface ServiceAccount extends KubeObject {
  /**
   * Secrets pods of this account may use (legacy token secrets).
   * @mergeKey name
   */
  secrets?: ObjectReference[];
  /**
   * Registry credentials added to every pod that runs as this account.
   * @listType atomic
   */
  imagePullSecrets?: LocalObjectReference[];
  /** Whether pods of this account get its token mounted, unless the pod says otherwise. */
  automountServiceAccountToken?: boolean;
}

/** core/v1 ServiceAccountList. */
export type ServiceAccountList = KubeList<ServiceAccount>;
