/** References from one object to another (core/v1 ObjectReference and friends). */

/** A reference to an object of any kind (events' involvedObject, bindings' target). */
export interface ObjectReference {
  /** The kind of the object. */
  kind?: string;
  /** The namespace of the object. */
  namespace?: string;
  /** The name of the object. */
  name?: string;
  /** The uid of the object. */
  uid?: string;
  /** The API version of the object. */
  apiVersion?: string;
  /** The version of the object the reference was made to. */
  resourceVersion?: string;
  /** A part of the object meant, such as spec.containers{name}. */
  fieldPath?: string;
}

/** A reference to an object in the same namespace, by name. */
export interface LocalObjectReference {
  /** The name of the object, in the same namespace. */
  name?: string;
}
