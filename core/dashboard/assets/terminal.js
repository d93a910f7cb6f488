// A shell into a pod's container: exec over the API's WebSocket (`v5.channel.k8s.io`, falling
// back to v4), shown in the xterm.js terminal emulator (vendor/xterm.js). Browsers cannot set an
// Authorization header on a WebSocket, so the session's token rides in the
// `base64url.bearer.authorization.k8s.io.<token>` subprotocol, as kube-apiserver accepts it.
import { openSocket } from "./api.js";
import { h } from "./dom.js";

/**
 * Opens a shell (`sh`) in `container` of pod `ns/name` inside `root`; `onStatus(text, isError)`
 * reports how it went. Returns a close function.
 */
export function openShell(root, ns, name, container, onStatus) {
  const box = h("div", { id: "terminal", "aria-label": `Shell in ${name}` });
  root.replaceChildren(box);
  const term = new globalThis.Terminal({ cursorBlink: true, convertEol: false, rows: 20 });
  term.open(box);
  const query = new URLSearchParams({ container, stdin: "true", stdout: "true", tty: "true" });
  query.append("command", "sh");
  const ws = openSocket(
    `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/exec?${query}`,
    ["v5.channel.k8s.io", "v4.channel.k8s.io"],
  );
  ws.binaryType = "arraybuffer";
  const encoder = new TextEncoder();
  const send = (channel, bytes) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const frame = new Uint8Array(bytes.length + 1);
    frame[0] = channel;
    frame.set(bytes, 1);
    ws.send(frame);
  };
  const resize = () =>
    send(4, encoder.encode(JSON.stringify({ Width: term.cols, Height: term.rows })));
  ws.onopen = () => {
    onStatus(`Connected (${ws.protocol}).`);
    resize();
    term.focus();
  };
  const decoder = new TextDecoder();
  ws.onmessage = (m) => {
    const data = new Uint8Array(m.data);
    if (data.length === 0) return;
    if (data[0] === 1 || data[0] === 2) term.write(data.subarray(1));
    if (data[0] === 3) {
      const text = decoder.decode(data.subarray(1));
      try {
        const status = JSON.parse(text);
        if (status.status !== "Success") onStatus(`The shell ended: ${status.message}`, true);
        else onStatus("The shell ended.");
      } catch {
        if (text) onStatus(`The shell ended: ${text}`, true);
      }
    }
  };
  ws.onerror = () =>
    onStatus("The shell connection failed (is the pod running, and may you exec?).", true);
  ws.onclose = () => term.write("\r\n[connection closed]\r\n");
  term.onData((d) => send(0, encoder.encode(d)));
  term.onResize(resize);
  return () => {
    ws.close();
    term.dispose();
  };
}
