/** core/v1 Binding: ties a pod to a node (`pods/binding`). */
import type { KubeObject } from "../object.ts";
import type { ObjectReference } from "./object_reference.ts";

/** core/v1 Binding; `target` names the Node. */
export interface Binding extends KubeObject {
  /** The node the pod is bound to. */
  target: ObjectReference;
}
