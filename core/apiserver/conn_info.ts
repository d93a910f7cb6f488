/** What the listener knows about the connection a request came on, beyond the Request itself. */

/** Connection facts handed to the API handler beside the Request. */
export interface ConnInfo {
  /** The peer's address, when known. */
  remoteAddr?: { hostname: string; port: number };
  /**
   * The client's TLS certificate chain as presented (DER, leaf first), NOT yet verified: the
   * x509 authenticator checks it against `--client-ca-file`. Absent on plain HTTP or when the
   * client sent none.
   */
  peerCertificates?: Uint8Array[];
  /**
   * True on the seed's unauthenticated insecure port (`k8sm apiserver --insecure-port`): the
   * request is served without authentication or authorization, as kube-apiserver's was.
   */
  insecurePort?: boolean;
  /**
   * The request target exactly as the client sent it, when the Request's URL was normalized on
   * the way (the node:https bridge): `..` and `%2e%2e` segments are refused from this.
   */
  rawTarget?: string;
}
