/**
 * Failures a daemon should explain once rather than log on every retry: the apiserver refusing
 * our credentials (401) and a server certificate we cannot verify. `apiTrouble` words them;
 * `ApiTroubleNotices` (one per RestClient) says whether a kind is new since the last success.
 */
import { ApiError } from "../api/status.ts";
import { isCertificateFailure, ServerUnreachableError } from "./client_errors.ts";

/** The failures reported once until the apiserver answers successfully again. */
export type ApiTroubleKind = "unauthorized" | "certificate";

/** A recognised failure and the line that explains it to an operator. */
export interface ApiTrouble {
  kind: ApiTroubleKind;
  text: string;
}

/** The explanation of `e` when it is a credentials or certificate failure, else undefined. */
export function apiTrouble(e: unknown, server: string): ApiTrouble | undefined {
  if (e instanceof ApiError && e.code === 401) {
    return {
      kind: "unauthorized",
      text: `the API server ${server} refused our credentials (401 Unauthorized): check ` +
        "--kubeconfig/--token/--client-certificate; retrying",
    };
  }
  if (e instanceof ServerUnreachableError && isCertificateFailure(e.reason)) {
    return { kind: "certificate", text: `${e.message}; retrying` };
  }
  return undefined;
}

/** Which trouble kinds were already reported since the apiserver last answered successfully. */
export class ApiTroubleNotices {
  #reported = new Set<ApiTroubleKind>();

  /** True the first time `kind` is seen since the last success (the caller then logs it). */
  firstSinceSuccess(kind: ApiTroubleKind): boolean {
    if (this.#reported.has(kind)) return false;
    this.#reported.add(kind);
    return true;
  }

  /** Records a successful answer: every kind will be reported again. */
  succeeded(): void {
    if (this.#reported.size > 0) this.#reported.clear();
  }
}
