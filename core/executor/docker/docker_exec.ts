/**
 * Runs a command inside a running container through the Docker Engine API's exec endpoints
 * (create, start attached, inspect for the exit code); used by exec probes.
 */

import type { ExecResult } from "../runtime.ts";
import type { DockerClient } from "./docker_client.ts";
import { readFrames } from "./docker_stream.ts";

/** Output kept from an exec (bytes); more is dropped. */
export const EXEC_OUTPUT_LIMIT = 10 * 1024;

/** Runs `cmd` in container `id`; after `timeoutSeconds` gives up waiting (timedOut = true). */
export async function dockerExec(
  client: DockerClient,
  id: string,
  cmd: string[],
  timeoutSeconds: number,
): Promise<ExecResult> {
  const created = await client.json<{ Id: string }>("POST", `/containers/${id}/exec`, {
    body: { AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false, Cmd: cmd },
  });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), Math.max(0.001, timeoutSeconds) * 1000);
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let timedOut = false;
  try {
    const res = await client.request("POST", `/exec/${created.Id}/start`, {
      body: { Detach: false, Tty: false },
      signal: timeout.signal,
    });
    if (res.body) {
      for await (const frame of readFrames(res.body)) {
        if (kept < EXEC_OUTPUT_LIMIT) {
          const part = frame.data.slice(0, EXEC_OUTPUT_LIMIT - kept);
          chunks.push(part);
          kept += part.length;
        }
      }
    }
  } catch (e) {
    if (!timeout.signal.aborted) throw e;
    timedOut = true;
  } finally {
    clearTimeout(timer);
  }
  const output = new TextDecoder().decode(concat(chunks));
  if (timedOut) return { exitCode: -1, output, timedOut };
  const info = await client.json<{ ExitCode?: number | null; Running?: boolean }>(
    "GET",
    `/exec/${created.Id}/json`,
  );
  return { exitCode: info.ExitCode ?? -1, output, timedOut: false };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
