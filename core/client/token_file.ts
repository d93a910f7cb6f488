/**
 * A bearer token kept in a file and re-read when the file changes (kubectl's `tokenFile`): the
 * executor's credentials are rotated by rewriting the file, so each request checks the file's
 * modification time and size and reads it again when either moved. A rotation caught half-way
 * (file missing or empty) keeps the last good token rather than failing the request.
 */

/** A token file, re-read on change. */
export class TokenFile {
  /** The file's path. */
  readonly path: string;
  #token: string | undefined;
  #stamp = "";

  /** `initial` (e.g. the token read when the config was resolved) serves until a read succeeds. */
  constructor(path: string, initial?: string) {
    this.path = path;
    this.#token = initial;
  }

  /** The current token; throws naming the file when it was never readable or is empty. */
  read(): string {
    let stamp: string;
    try {
      const st = Deno.statSync(this.path);
      stamp = `${st.mtime?.getTime() ?? 0}/${st.size}/${st.ino ?? 0}`;
    } catch (e) {
      return this.#fallback(e);
    }
    if (stamp === this.#stamp) return this.#token ?? this.#fallback(new Error("unreadable"));
    let text: string;
    try {
      text = Deno.readTextFileSync(this.path);
    } catch (e) {
      return this.#fallback(e);
    }
    const token = text.trim();
    if (token === "") {
      return this.#fallback(new Error("the file is empty"));
    }
    this.#token = token;
    this.#stamp = stamp;
    return token;
  }

  #fallback(e: unknown): string {
    if (this.#token !== undefined) return this.#token;
    throw new Error(
      `cannot read the bearer token file ${this.path} (${
        e instanceof Error ? e.message : String(e)
      }); check the tokenFile of the kubeconfig or create the file`,
    );
  }
}
