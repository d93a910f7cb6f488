/**
 * Copies the terminal emulator of the dashboard's shell (npm `@xterm/xterm`, MIT) from Deno's
 * npm cache into `assets/vendor/`, so the dashboard ships it and works offline:
 * `deno run -A core/dashboard/vendor_xterm.ts` (after changing XTERM_VERSION).
 */

/** The @xterm/xterm version the dashboard ships. */
export const XTERM_VERSION = "5.5.0";

/** Caches the package, finds it in the npm cache and copies its script, style and licence. */
export async function vendorXterm(): Promise<void> {
  const spec = `npm:@xterm/xterm@${XTERM_VERSION}`;
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json", spec] }).output();
  if (!info.success) {
    throw new Error(`deno info ${spec} failed: ${new TextDecoder().decode(info.stderr)}`);
  }
  const doc = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    npmPackages?: Record<string, { localPath?: string }>;
  };
  const pkg = doc.npmPackages?.[`@xterm/xterm@${XTERM_VERSION}`]?.localPath;
  if (!pkg) throw new Error(`deno info ${spec} did not name the package's directory`);
  const out = new URL("./assets/vendor/", import.meta.url);
  await Deno.mkdir(out, { recursive: true });
  for (const [from, to] of [["lib/xterm.js", "xterm.js"], ["css/xterm.css", "xterm.css"]]) {
    await Deno.copyFile(`${pkg}/${from}`, new URL(to, out));
  }
  await Deno.copyFile(`${pkg}/LICENSE`, new URL("XTERM_LICENSE.txt", out));
}

if (import.meta.main) {
  await vendorXterm();
  console.log(`copied @xterm/xterm ${XTERM_VERSION} into core/dashboard/assets/vendor/`);
}
