/**
 * X.509 client-certificate authentication (`--client-ca-file`): the chain the client presented
 * on the TLS connection is checked by an injected verifier, which names the user (the leaf's
 * CN) and its groups (the O values). The verifier is injected so this engine does not depend on
 * any one certificate library; `core/auth/pki/verify_client_certificate.ts` is the one k8sm uses.
 */
import type { Authenticator } from "./authenticator.ts";

/** A verifier's verdict on a presented chain: the identity it proves, or why it proves none. */
export type ClientCertVerdict = { user: string; groups: string[] } | { error: string };

/** Checks a presented chain (DER, leaf first) against the trusted client CAs. */
export type ClientCertVerifier = (
  chain: Uint8Array[],
) => ClientCertVerdict | Promise<ClientCertVerdict>;

/**
 * An authenticator over the connection's client certificate chain: no chain is
 * no-credentials; a chain `verify` accepts authenticates as its CN with its O groups (uid "");
 * any other chain is rejected with the verifier's reason.
 */
export function x509Authenticator(verify: ClientCertVerifier): Authenticator {
  return async (_req, conn) => {
    const chain = conn?.peerCertificates;
    if (!chain || chain.length === 0) return { kind: "no-credentials" };
    let verdict: ClientCertVerdict;
    try {
      verdict = await verify(chain);
    } catch (e) {
      verdict = { error: e instanceof Error ? e.message : String(e) };
    }
    if ("error" in verdict) {
      return { kind: "rejected", reason: `x509: ${verdict.error}` };
    }
    if (verdict.user === "") {
      return { kind: "rejected", reason: "x509: the client certificate has an empty common name" };
    }
    return {
      kind: "authenticated",
      user: { name: verdict.user, uid: "", groups: [...verdict.groups] },
      method: "x509",
    };
  };
}
