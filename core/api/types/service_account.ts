/** core/v1 ServiceAccount: an identity for processes in pods (and k8sm components). */
import type { KubeList, KubeObject } from "../object.ts";
import type { ObjectReference } from "./object_reference.ts";

/** core/v1 ServiceAccount. */
export interface ServiceAccount extends KubeObject {
  secrets?: ObjectReference[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

/** core/v1 ServiceAccountList. */
export type ServiceAccountList = KubeList<ServiceAccount>;
