/** The service proxy (userspace listeners, optional iptables portal). */
export * from "./proxier.ts";
