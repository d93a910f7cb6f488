/**
 * The machine's curl for tests that must show what an outsider's HTTP client gets from a
 * server: one request, its status code and body. Tests that use it declare
 * `...requires("curl")` (tests/_helpers/requirements.ts).
 */

/** How to make one curl request. */
export interface CurlRequest {
  method?: string;
  headers?: Record<string, string>;
  /** Request body, sent as given (`--data-binary`). */
  body?: string;
  /** `-k`: accept any server certificate (no CA needed to see the answer). */
  insecure?: boolean;
  /** `--cacert`: verify the server against this CA file. */
  caFile?: string;
  /** `--cert` / `--key`: present this client certificate. */
  certFile?: string;
  keyFile?: string;
  /** `--max-time` in seconds (default 20), so a request the server holds open still ends. */
  maxTimeS?: number;
}

/** What curl got back. */
export interface CurlAnswer {
  code: number;
  body: string;
}

/** Runs `curl` for `url`; throws with curl's stderr when no HTTP answer came back. */
export async function curl(url: string, req: CurlRequest = {}): Promise<CurlAnswer> {
  const args = ["-sS", "--max-time", String(req.maxTimeS ?? 20), "-o", "-"];
  args.push("-w", "\n%{http_code}", "-X", req.method ?? "GET");
  if (req.insecure) args.push("-k");
  if (req.caFile) args.push("--cacert", req.caFile);
  if (req.certFile) args.push("--cert", req.certFile);
  if (req.keyFile) args.push("--key", req.keyFile);
  for (const [k, v] of Object.entries(req.headers ?? {})) args.push("-H", `${k}: ${v}`);
  if (req.body !== undefined) args.push("--data-binary", req.body);
  args.push(url);
  const out = await new Deno.Command("curl", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const cut = text.lastIndexOf("\n");
  const code = Number(text.slice(cut + 1));
  if (!out.success || !(code > 0)) {
    throw new Error(
      `curl ${req.method ?? "GET"} ${url} got no HTTP answer (exit ${out.code}): ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
    );
  }
  return { code, body: text.slice(0, cut) };
}
