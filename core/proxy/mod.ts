/** The service proxy (userspace listeners, optional iptables portal). */
export * from "./proxier.ts";
export * from "./proxy_mode.ts";
