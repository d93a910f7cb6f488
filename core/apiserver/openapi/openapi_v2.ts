/**
 * `/openapi/v2` as an empty document. kubectl validates a `kind: List` (as in `kubectl get
 * secrets -A -o json | kubectl replace -f -`) on the client against OpenAPI v2 only, and fails
 * when the server has none; with an empty document it finds no schema for the items and leaves
 * field checks to the server (`fieldValidation=Strict` on each write). Everything else kubectl
 * reads from OpenAPI v3.
 */
import { versionInfo } from "../version_info.ts";

/** The media type kubectl asks for: the gnostic OpenAPI v2 Document in protobuf. */
export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/** The empty v2 document: a zero-length protobuf message, or JSON when protobuf is not asked for. */
export function openApiV2Response(accept: string | null): Response {
  if ((accept ?? "").includes("protobuf")) {
    return new Response(new Uint8Array(), { headers: { "content-type": OPENAPI_V2_PROTOBUF } });
  }
  const doc = {
    swagger: "2.0",
    info: { title: "Kubernetes", version: versionInfo().gitVersion },
    paths: {},
    definitions: {},
  };
  return new Response(JSON.stringify(doc), { headers: { "content-type": "application/json" } });
}
