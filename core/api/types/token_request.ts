/** authentication.k8s.io/v1 TokenRequest: the `serviceaccounts/token` subresource's body. */
import type { KubeObject } from "../object.ts";
import type { Int64, Time } from "./scalars.ts";

/** The object a requested token is bound to; the token dies with it. */
export interface BoundObjectReference {
  /** The kind of the object: Pod, Secret or Node. */
  kind?: string;
  /** The API version of the object. */
  apiVersion?: string;
  /** The name of the object. */
  name?: string;
  /** The uid of the object; the token is refused once that object is gone. */
  uid?: string;
}

/** What a token is requested for. */
export interface TokenRequestSpec {
  /** The audiences the token is meant for; empty means the apiserver's own. */
  audiences: string[];
  /** The requested lifetime in seconds; the server may shorten it. */
  expirationSeconds?: Int64;
  /** An object whose deletion invalidates the token. */
  boundObjectRef?: BoundObjectReference;
}

/** The token issued. */
export interface TokenRequestStatus {
  /** The signed token (a JWT). */
  token: string;
  /** When the token stops being accepted. */
  expirationTimestamp: Time;
}

/** Asks for a token of a ServiceAccount (`kubectl create token`). */
export interface TokenRequest extends KubeObject {
  /** What the token is for: audiences, lifetime, bound object. */
  spec: TokenRequestSpec;
  /** The issued token, filled in by the server. */
  status?: TokenRequestStatus;
}
