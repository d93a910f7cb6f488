/**
 * The streaming protocols shared by the apiserver and the executor (`kubectl exec`, `attach`,
 * `port-forward`): WebSocket `v5`/`v4.channel.k8s.io`, SPDY/3.1 with its header dictionary,
 * and kubectl's SPDY-over-WebSocket port-forward tunnel (STREAMING.md).
 */
export {
  CHANNEL,
  type ChannelStatus,
  exitStatus,
  internalErrorStatus,
  ResizeDecoder,
  SPDY_PROTOCOLS,
  type TerminalSize,
  WEBSOCKET_PROTOCOLS,
} from "./channel_protocol.ts";
export {
  acceptRemoteCommand,
  type RemoteCommandOptions,
  type RemoteCommandSession,
} from "./remote_command.ts";
export {
  acceptPortForward,
  PORT_FORWARD_PROTOCOL,
  PORT_FORWARD_TUNNEL_PROTOCOL,
  type PortDialer,
} from "./port_forward.ts";
export { SPDY_DICTIONARY } from "./spdy_dictionary.ts";
export { SpdySession, SpdyStream } from "./spdy_session.ts";
export { WebSocketSession } from "./websocket_session.ts";
