/**
 * The remote command vocabulary: channel ids, the error-channel Status documents kubectl
 * decodes (exit codes as NonZeroExitCode/ExitCode causes), resize messages split or
 * concatenated in either key case, and the boolean query forms.
 */
import assert from "node:assert/strict";
import {
  CHANNEL,
  exitStatus,
  internalErrorStatus,
  queryFlag,
  ResizeDecoder,
} from "../../../core/streams/channel_protocol.ts";

Deno.test("channel ids are kube's: stdin 0 … resize 4, close 255", () => {
  assert.deepEqual(CHANNEL, { STDIN: 0, STDOUT: 1, STDERR: 2, ERROR: 3, RESIZE: 4, CLOSE: 255 });
});

Deno.test("exit codes become kubectl's Status; 0 is Success", () => {
  assert.deepEqual(exitStatus(0), { metadata: {}, status: "Success" });
  const s = exitStatus(3);
  assert.equal(s.status, "Failure");
  assert.equal(s.reason, "NonZeroExitCode");
  assert.deepEqual(s.details, { causes: [{ reason: "ExitCode", message: "3" }] });
  assert.equal(s.code, undefined, "kube sends no code with an exit status");
  assert.equal(exitStatus(300).details?.causes[0].message, "255", "clamped to 0-255");
  const e = internalErrorStatus("boom");
  assert.equal(e.message, "Internal error occurred: boom");
  assert.equal(e.code, 500);
});

Deno.test("resize messages decode when split and concatenated, in either key case", () => {
  const d = new ResizeDecoder();
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(d.push(enc('{"Width":80,"Hei')), []);
  assert.deepEqual(d.push(enc('ght":24}\n{"height":50,"width":120}')), [
    { width: 80, height: 24 },
    { width: 120, height: 50 },
  ]);
  assert.deepEqual(d.push(enc("not json}{}")), [], "junk is skipped");
});

Deno.test("query booleans accept true and 1 under any of their names", () => {
  const q = new URLSearchParams("stdout=true&input=1&stderr=false&tty=0");
  assert.equal(queryFlag(q, "stdout", "output"), true);
  assert.equal(queryFlag(q, "stdin", "input"), true);
  assert.equal(queryFlag(q, "stderr", "error"), false);
  assert.equal(queryFlag(q, "tty"), false);
});
