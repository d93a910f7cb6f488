/**
 * The HTTP rules Mesos applies to its v1 APIs before looking at a call: POST only (405),
 * exact Content-Type (missing → 400, anything else → 415), Accept negotiation (JSON first,
 * 406 when neither JSON nor protobuf is acceptable), and body decoding into a checked call.
 */
import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  decodeMesosBody,
  negotiateMesosAccept,
} from "../content_type.ts";

/** The two wire encodings of the v1 APIs. */
export type WireEncoding = "json" | "protobuf";

/** Media type of each encoding. */
export const MEDIA_TYPE = {
  json: CONTENT_TYPE_JSON,
  protobuf: CONTENT_TYPE_PROTOBUF,
} as const;

/** A plain-text error response, as Mesos sends them. */
export function textResponse(status: number, body: string, headers: HeadersInit = {}): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
}

/** 405 for anything but POST, else undefined. */
export function requirePost(req: Request): Response | undefined {
  if (req.method === "POST") return undefined;
  return textResponse(405, `Expecting 'POST', received '${req.method}'`, { Allow: "POST" });
}

/** The encoding named by Content-Type, compared as a whole string like Mesos does. */
export function requestEncoding(req: Request): WireEncoding | Response {
  const ct = req.headers.get("content-type");
  if (ct === null) return textResponse(400, "Expecting 'Content-Type' to be present");
  if (ct === MEDIA_TYPE.json) return "json";
  if (ct === MEDIA_TYPE.protobuf) return "protobuf";
  return textResponse(
    415,
    `Expecting 'Content-Type' of application/json or application/x-protobuf; received '${ct}'`,
  );
}

/** The stream encoding chosen from Accept (JSON tested first), or a 406 response. */
export function responseEncoding(req: Request): WireEncoding | Response {
  const accept = req.headers.get("accept");
  const chosen = negotiateMesosAccept(accept);
  if (chosen === CONTENT_TYPE_JSON) return "json";
  if (chosen === CONTENT_TYPE_PROTOBUF) return "protobuf";
  return textResponse(
    406,
    `Expecting 'Accept' to allow application/json or application/x-protobuf; received '${accept}'`,
  );
}

/**
 * Reads and decodes a call body of protobuf type `typeName` in the request's encoding; answers
 * 400 with Mesos-like text when it does not parse or misses required fields.
 */
export async function readCall(
  req: Request,
  typeName: string,
  encoding: WireEncoding,
): Promise<unknown | Response> {
  const bytes = new Uint8Array(await req.arrayBuffer());
  try {
    return decodeMesosBody(typeName, bytes, MEDIA_TYPE[encoding]);
  } catch (e) {
    const what = encoding === "json"
      ? "Failed to convert JSON into Call protobuf"
      : "Failed to parse body into Call protobuf";
    return textResponse(400, `${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
