/** The apiserver's TLS serving options (`--tls-cert-file`, `--tls-private-key-file`). */

/** PEM certificate chain and key for Deno.serve. */
export interface TlsOptions {
  cert: string;
  key: string;
}

/**
 * Loads the PEM files named by the flags; both or neither must be given. Returns undefined
 * when neither is set (plain HTTP). Errors name the flag, the file and what to do.
 */
export async function loadTlsOptions(
  certFile: string | undefined,
  keyFile: string | undefined,
): Promise<TlsOptions | undefined> {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    throw new Error(
      "TLS needs both --tls-cert-file and --tls-private-key-file; " +
        `only ${certFile ? "--tls-cert-file" : "--tls-private-key-file"} was given`,
    );
  }
  const read = async (flag: string, path: string, marker: string) => {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (e) {
      throw new Error(`cannot read ${flag} ${path}: ${(e as Error).message}`);
    }
    if (!text.includes(marker)) {
      throw new Error(`${flag} ${path} is not a PEM file (no "${marker}" block found)`);
    }
    return text;
  };
  return {
    cert: await read("--tls-cert-file", certFile, "-----BEGIN CERTIFICATE-----"),
    key: await read("--tls-private-key-file", keyFile, "PRIVATE KEY-----"),
  };
}
