/**
 * Reads and decodes request bodies: at most 3 MiB (checked on Content-Length and counted while
 * reading), JSON or YAML by Content-Type. Bodies without a usable type (curl -d sends
 * form-urlencoded) are read as JSON, as the seed's API did.
 */
import { parse as parseYaml } from "yaml";
import * as errors from "../api/status.ts";
import { KUBE_PROTOBUF, readKubeProtobufBody } from "./protobuf/kube_protobuf.ts";
import {
  jsonNestingDepth,
  MAX_NESTING_DEPTH,
  nestingDepthMessage,
  yamlNestingDepth,
} from "./nesting_depth.ts";

/** The largest request body accepted (Kubernetes' limit for most requests). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Media types of bodies this server decodes. */
export const ACCEPTED_MEDIA_TYPES = ["application/json", "application/yaml"];

/** The body as text; 413 when it exceeds `limit` bytes. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw errors.requestEntityTooLarge(limit);
  }
  if (req.body === null) return "";
  // With a Content-Length the HTTP framing bounds the body: read it in one native step.
  if (Number.isFinite(declared)) return await req.text();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw errors.requestEntityTooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const all = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The media type without parameters, lower case ("" when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** Whether a media type is decoded as YAML. */
function isYaml(type: string): boolean {
  return type.endsWith("yaml");
}

/** Whether a media type is decoded as JSON. */
function isJson(type: string): boolean {
  return type === "" || type === "application/json" || type.endsWith("+json") ||
    type === "application/x-www-form-urlencoded" || type === "text/plain" || type === "*/*";
}

/**
 * Decodes a body by Content-Type: 400 when malformed or nested deeper than MAX_NESTING_DEPTH
 * (checked before parsing), 415 when the type is not decodable.
 */
export function decodeBody(text: string, contentType: string | null): unknown {
  const type = mediaType(contentType);
  if (text.trim() === "") {
    throw errors.badRequest("the request body is empty; send the object as JSON or YAML");
  }
  if (isYaml(type)) {
    if (yamlNestingDepth(text) > MAX_NESTING_DEPTH) {
      throw errors.badRequest(nestingDepthMessage("YAML"));
    }
    try {
      return parseYaml(text);
    } catch (e) {
      throw errors.badRequest(`the request body is not valid YAML: ${messageOf(e)}`);
    }
  }
  if (!isJson(type)) throw errors.unsupportedMediaType(type, ACCEPTED_MEDIA_TYPES);
  if (jsonNestingDepth(text) > MAX_NESTING_DEPTH) {
    throw errors.badRequest(nestingDepthMessage("JSON"));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(
      `the request body is not valid JSON: ${messageOf(e)}; send a JSON (or YAML) object`,
    );
  }
}

/** Reads and decodes the body. */
export async function readBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (mediaType(type) === KUBE_PROTOBUF) return await readKubeProtobufBody(req, MAX_BODY_BYTES);
  return decodeBody(await readBodyText(req), type);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
