/**
 * Name rules the RBAC and networking kinds share with upstream's
 * apimachinery: URL path segment names and wildcard DNS subdomains.
 */
import { invalid, required, type FieldError } from "../../machinery/field-errors.js";
import { dns1123SubdomainProblems } from "../../machinery/validation.js";
import { each } from "./validation-helpers.js";

/** ValidatePathSegmentName: names that end up as one segment of a URL path. */
export function pathSegmentProblems(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  return ["/", "%"].filter((bad) => name.includes(bad)).map((bad) => `may not contain '${bad}'`);
}

const WILDCARD_PATTERN = "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

/** IsWildcardDNS1123Subdomain: `*.` followed by a DNS subdomain. */
export function wildcardSubdomainProblems(value: string): string[] {
  const problems = value.length > 253 ? ["must be no more than 253 characters"] : [];
  if (!new RegExp(`^${WILDCARD_PATTERN}$`).test(value)) {
    problems.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case " +
        `alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '${WILDCARD_PATTERN}')`,
    );
  }
  return problems;
}

/** A host in an Ingress rule or TLS entry: a DNS subdomain, optionally with a leading `*.` wildcard. */
export function hostProblems(host: string): string[] {
  return host.includes("*") ? wildcardSubdomainProblems(host) : dns1123SubdomainProblems(host);
}

export interface TypedReference {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

/** validateIngressTypedLocalObjectReference: an Ingress resource backend or IngressClass parameters. */
export function validateTypedReference(reference: TypedReference, path: string): FieldError[] {
  const errors = reference.apiGroup === undefined ? [] : each(dns1123SubdomainProblems(reference.apiGroup), `${path}.apiGroup`, reference.apiGroup);
  for (const key of ["kind", "name"] as const) {
    const value = reference[key];
    if (!value) errors.push(required(`${path}.${key}`, `${key} is required`));
    else errors.push(...pathSegmentProblems(value).map((problem) => invalid(`${path}.${key}`, value, problem)));
  }
  return errors;
}
