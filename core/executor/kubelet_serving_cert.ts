/**
 * The executor's own serving certificate for its kubelet endpoint: a short-lived CA made at
 * start and a serving certificate it signs for the agent's addresses. The CA certificate is
 * published on the executor's Node, so the apiserver pins exactly this executor's key.
 */
import { createCaCertificate, createServingCertificate } from "../auth/pki/certificate.ts";

/** A kubelet endpoint's TLS material. */
export interface KubeletServingCert {
  /** PEM of the executor's own CA (what the apiserver pins). */
  caPem: string;
  /** PEM serving certificate chain and key for the listener. */
  cert: string;
  key: string;
}

const VALIDITY_MS = 365 * 24 * 3600 * 1000;

/** Makes the CA and a serving certificate covering `sans` (IP addresses and host names). */
export function createKubeletServingCert(nodeName: string, sans: string[]): KubeletServingCert {
  const names = [...new Set(sans.map((s) => s.replace(/^\[|\]$/g, "")).filter((s) => s !== ""))];
  if (names.length === 0) names.push("localhost");
  const notAfter = new Date(Date.now() + VALIDITY_MS);
  const ca = createCaCertificate({ commonName: `k8sm-executor-ca@${nodeName}` }, { notAfter });
  const leaf = createServingCertificate(ca, { commonName: `system:node:${nodeName}` }, names, {
    notAfter,
  });
  return { caPem: ca.certPem, cert: leaf.certPem, key: leaf.keyPem };
}
