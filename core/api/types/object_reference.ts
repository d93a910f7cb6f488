/** References from one object to another (core/v1 ObjectReference and friends). */

/** A reference to an object of any kind (events' involvedObject, bindings' target). */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** A reference to an object in the same namespace, by name. */
export interface LocalObjectReference {
  name?: string;
}
