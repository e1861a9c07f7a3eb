/**
 * The query of `pods/{name}/log` (PodLogOptions), parsed and checked as
 * the API server does before it asks the node for anything.
 */
import { forbidden, invalid, type FieldError } from "../../machinery/field-errors.js";
import { badRequest, invalidObject } from "../../machinery/status.js";

export interface LogOptions {
  /** Empty: the pod's only container. */
  readonly container: string;
  readonly follow: boolean;
  /** The last terminated instance instead of the current one. */
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly tailLines: number | undefined;
  /** Lines older than this (milliseconds since the epoch) are left out. */
  readonly sinceMs: number | undefined;
  readonly limitBytes: number | undefined;
}

const POD_LOG_OPTIONS = { group: "", plural: "pods", kind: "PodLogOptions" } as const;

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw badRequest(`strconv.ParseBool: parsing "${value}": invalid syntax`);
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === "") return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(value);
}

/** `now` is the time sinceSeconds counts back from. */
export function parseLogOptions(podName: string, query: URLSearchParams, now = Date.now()): LogOptions {
  const tailLines = integer(query, "tailLines");
  const limitBytes = integer(query, "limitBytes");
  const sinceSeconds = integer(query, "sinceSeconds");
  const sinceTimeText = query.get("sinceTime") ?? "";
  const sinceTime = sinceTimeText === "" ? undefined : Date.parse(sinceTimeText);
  if (sinceTime !== undefined && Number.isNaN(sinceTime)) throw badRequest(`parsing time "${sinceTimeText}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTimeText}" as "2006"`);

  const errors: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) errors.push(invalid("tailLines", tailLines, "must be greater than or equal to 0"));
  if (limitBytes !== undefined && limitBytes < 1) errors.push(invalid("limitBytes", limitBytes, "must be greater than 0"));
  if (sinceSeconds !== undefined && sinceTime !== undefined) errors.push(forbidden("sinceSeconds", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  else if (sinceSeconds !== undefined && sinceSeconds < 1) errors.push(invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
  if (errors.length > 0) throw invalidObject(POD_LOG_OPTIONS, podName, errors);

  return {
    container: query.get("container") ?? "",
    follow: flag(query, "follow"),
    previous: flag(query, "previous"),
    timestamps: flag(query, "timestamps"),
    tailLines,
    sinceMs: sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTime,
    limitBytes,
  };
}
