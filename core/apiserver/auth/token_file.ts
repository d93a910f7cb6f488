/** The static token file parser moved to core/auth/token_file.ts; re-exported for old imports. */
export { loadTokenFile, parseTokenFile, splitCsvLine } from "../../auth/token_file.ts";
export type { UserInfo } from "../../auth/user_info.ts";
