/**
 * Query parameters of list and watch requests: label and field selectors (400 on a bad one or
 * an unsupported field label), resourceVersion(Match), limit and continue, and the watch
 * options, refused as kube-apiserver refuses them.
 */
import type { ResourceInfo } from "../api/kinds.ts";
import {
  type FieldSelector,
  parseFieldSelector,
  supportedFieldSelectors,
} from "../api/field_selector.ts";
import { type LabelSelector, parseLabelSelector } from "../api/label_selector.ts";
import type { FieldErrorType } from "../api/field_error.ts";
import * as errors from "../api/status.ts";
import { isTrue } from "./request_info.ts";

/** Selectors of a list or watch request. */
export interface Selectors {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses labelSelector/fieldSelector; `name` adds `metadata.name=<name>` (item watches). */
export function parseSelectors(
  query: URLSearchParams,
  info: ResourceInfo,
  name = "",
): Selectors {
  const out: Selectors = {};
  const ls = query.get("labelSelector");
  if (ls !== null && ls.trim() !== "") {
    try {
      out.labelSelector = parseLabelSelector(ls);
    } catch (e) {
      throw errors.badRequest(
        `unable to parse requirement: labelSelector "${ls}": ${messageOf(e)}`,
      );
    }
  }
  let fs = query.get("fieldSelector") ?? "";
  if (name !== "") fs = fs.trim() === "" ? `metadata.name=${name}` : `${fs},metadata.name=${name}`;
  if (fs.trim() !== "") {
    let sel: FieldSelector;
    try {
      sel = parseFieldSelector(fs);
    } catch (e) {
      throw errors.badRequest(`invalid field selector "${fs}": ${messageOf(e)}`);
    }
    const supported = supportedFieldSelectors(info.kind);
    for (const f of sel.fieldNames()) {
      if (!supported.includes(f)) {
        throw errors.badRequest(
          `field label not supported: ${f} (${info.resource} can be selected by ` +
            `${supported.join(", ")})`,
        );
      }
    }
    out.fieldSelector = sel;
  }
  return out;
}

/** Parses `timeoutSeconds` (400 when not a non-negative integer). */
export function parseTimeoutSeconds(query: URLSearchParams): number | undefined {
  const t = query.get("timeoutSeconds");
  if (t === null || t === "") return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) {
    throw errors.badRequest(`timeoutSeconds "${t}" is not a non-negative whole number`);
  }
  return n;
}

/** Parses `sendInitialEvents` (undefined when absent). */
export function parseSendInitialEvents(query: URLSearchParams): boolean | undefined {
  const v = query.get("sendInitialEvents");
  return v === null || v === "" ? undefined : isTrue(v);
}

/** The validated paging and consistency parameters of a list or watch. */
export interface ListQuery {
  /** "" = a consistent read of the newest state; "0" = any cached state; else a revision. */
  resourceVersion: string;
  resourceVersionMatch: "" | "Exact" | "NotOlderThan";
  /** 0 = no limit. */
  limit: number;
  /** The raw continue token ("" = none). */
  continue: string;
}

function listOptionsInvalid(field: string, type: FieldErrorType, message: string): errors.ApiError {
  return errors.invalid("ListOptions.meta.k8s.io", "", [{ type, field, message }]);
}

/** The resourceVersion of a GET (400 when it is not a number, as kube-apiserver). */
export function parseResourceVersion(query: URLSearchParams): string {
  const rv = query.get("resourceVersion") ?? "";
  if (rv !== "" && !/^\d+$/.test(rv)) {
    throw errors.badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ` +
        `${JSON.stringify(rv)}: invalid syntax`,
    );
  }
  return rv;
}

/**
 * Validates resourceVersion, resourceVersionMatch, limit, continue and timeoutSeconds as
 * kube-apiserver does: unparsable values are a 400 BadRequest, inconsistent combinations of
 * resourceVersionMatch a 422 on ListOptions, and continue with a resourceVersion a 400.
 */
export function parseListQuery(query: URLSearchParams, watch: boolean): ListQuery {
  const rv = parseResourceVersion(query);
  const limitText = query.get("limit") ?? "";
  if (limitText !== "" && !/^\d+$/.test(limitText)) {
    throw errors.badRequest(
      `limit: Invalid value: ${JSON.stringify(limitText)}: must be a non-negative integer`,
    );
  }
  parseTimeoutSeconds(query);
  const cont = query.get("continue") ?? "";
  const match = query.get("resourceVersionMatch") ?? "";
  if (match !== "") {
    if (watch) return watchMatch(query, rv, match, cont);
    if (rv === "") {
      throw listOptionsInvalid(
        "resourceVersionMatch",
        "FieldValueForbidden",
        "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
      );
    }
    if (cont !== "") {
      throw listOptionsInvalid(
        "resourceVersionMatch",
        "FieldValueForbidden",
        "Forbidden: resourceVersionMatch is forbidden when continue is provided",
      );
    }
    if (match !== "Exact" && match !== "NotOlderThan") {
      throw listOptionsInvalid(
        "resourceVersionMatch",
        "FieldValueNotSupported",
        `Unsupported value: ${
          JSON.stringify(match)
        }: supported values: "Exact", "NotOlderThan", ""`,
      );
    }
    if (match === "Exact" && rv === "0") {
      throw listOptionsInvalid(
        "resourceVersionMatch",
        "FieldValueForbidden",
        'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
    }
  }
  if (cont !== "" && rv !== "" && rv !== "0") {
    throw errors.badRequest("specifying resource version is not allowed when using continue");
  }
  return {
    resourceVersion: rv,
    resourceVersionMatch: match as ListQuery["resourceVersionMatch"],
    limit: limitText === "" ? 0 : Number(limitText),
    continue: cont,
  };
}

/** resourceVersionMatch of a watch: only NotOlderThan, and only with sendInitialEvents. */
function watchMatch(query: URLSearchParams, rv: string, match: string, cont: string): ListQuery {
  if (query.get("sendInitialEvents") === null) {
    throw listOptionsInvalid(
      "resourceVersionMatch",
      "FieldValueForbidden",
      "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
    );
  }
  if (match !== "NotOlderThan") {
    throw listOptionsInvalid(
      "resourceVersionMatch",
      "FieldValueNotSupported",
      `Unsupported value: ${JSON.stringify(match)}: supported values: "NotOlderThan"`,
    );
  }
  if (cont !== "") {
    throw listOptionsInvalid(
      "resourceVersionMatch",
      "FieldValueForbidden",
      "Forbidden: resourceVersionMatch is forbidden when continue is provided",
    );
  }
  return { resourceVersion: rv, resourceVersionMatch: "NotOlderThan", limit: 0, continue: "" };
}
