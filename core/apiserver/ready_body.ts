/**
 * Responses whose whole body is known when they are made (JSON objects, Status errors): the
 * bytes are remembered beside the Response, so the node listener writes them with one
 * `end()` instead of reading the body stream back chunk by chunk.
 */

const readyBodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** A Response of `bytes` that the listener can send without reading its body stream. */
export function readyResponse(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const res = new Response(bytes, init);
  readyBodies.set(res, bytes);
  return res;
}

/** The whole body of a Response made by readyResponse whose body nobody read yet. */
export function readyBody(res: Response): Uint8Array<ArrayBuffer> | undefined {
  const bytes = readyBodies.get(res);
  return bytes === undefined || res.bodyUsed ? undefined : bytes;
}
