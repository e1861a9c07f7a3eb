/**
 * IngressClass (networking.k8s.io/v1, cluster-scoped): names the controller
 * that implements a class of Ingresses, with optional controller parameters.
 */
import { forbidden, immutable, invalid, notSupported, required, tooLong, type FieldError } from "../machinery/field-errors.js";
import { dns1123LabelProblems, dns1123SubdomainProblems } from "../machinery/validation.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { validateTypedReference, type TypedReference } from "./common/name-validation.js";
import { describe, object, string } from "./common/schema-builders.js";
import { each } from "./common/validation-helpers.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface ParametersReference extends TypedReference {
  namespace?: string;
  scope?: string;
}

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: ParametersReference };
}

const SCOPES = ["Cluster", "Namespace"];
const MAX_CONTROLLER_LENGTH = 250;
const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

const parametersSchema = object(
  {
    apiGroup: string("API group of the parameters resource; empty for the core group."),
    kind: string("Kind of the parameters resource."),
    name: string("Name of the parameters resource."),
    namespace: string("Namespace of the parameters resource; required when scope is Namespace."),
    scope: string("Cluster (the default) or Namespace."),
  },
  ["kind", "name"],
);

const schema = objectSchema("A class of Ingresses and the controller that implements it.", {
  spec: describe(
    object({
      controller: string("Domain-prefixed name of the controller, e.g. example.com/ingress-controller; immutable."),
      parameters: describe(parametersSchema, "A resource with extra configuration for the controller."),
    }),
    "The controller and its parameters.",
  ),
});

/** IsDomainPrefixedPath: `host/path`, as the controller name must be. */
function validateController(controller: string, path: string): FieldError[] {
  if (!controller) return [required(path)];
  const errors = controller.length > MAX_CONTROLLER_LENGTH ? [tooLong(path, MAX_CONTROLLER_LENGTH)] : [];
  const slash = controller.indexOf("/");
  const host = controller.slice(0, Math.max(slash, 0));
  const rest = controller.slice(slash + 1);
  if (slash <= 0 || !rest) return [...errors, invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  errors.push(...each(dns1123SubdomainProblems(host), path, host));
  if (!new RegExp(`^${HTTP_PATH}$`).test(rest)) errors.push(invalid(path, rest, `Invalid path (regex used for validation is '${HTTP_PATH}')`));
  return errors;
}

function validateParameters(parameters: ParametersReference, path: string): FieldError[] {
  const errors = validateTypedReference(parameters, path);
  const { scope, namespace } = parameters;
  if (scope === undefined) return [...errors, required(`${path}.scope`)];
  if (!SCOPES.includes(scope)) errors.push(notSupported(`${path}.scope`, scope, SCOPES));
  else if (scope === "Namespace") {
    if (namespace === undefined) errors.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else errors.push(...each(dns1123LabelProblems(namespace), `${path}.namespace`, namespace));
  } else if (namespace !== undefined) errors.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return errors;
}

function validateIngressClass(ingressClass: IngressClass): FieldError[] {
  const spec = ingressClass.spec ?? {};
  const errors = validateController(spec.controller ?? "", "spec.controller");
  if (spec.parameters) errors.push(...validateParameters(spec.parameters, "spec.parameters"));
  return errors;
}

export const ingressClassKind = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "IngressClass",
  listKind: "IngressClassList",
  plural: "ingressclasses",
  singular: "ingressclass",
  shortNames: [],
  categories: [],
  namespaced: false,
  schema,
  tracksGeneration: true,
  subresources: { status: false },
  strategy: {
    defaults: (object) => {
      const parameters = (object as IngressClass).spec?.parameters;
      if (parameters) parameters.scope ??= "Cluster";
    },
    validate: (object) => validateIngressClass(object as IngressClass),
    validateUpdate: (object, old) => {
      const controller = (object as IngressClass).spec?.controller;
      return controller === (old as IngressClass).spec?.controller ? [] : [immutable("spec.controller", controller ?? "")];
    },
  },
  columns: [
    nameColumn,
    {
      name: "Controller",
      type: "string",
      description: "The controller that implements this class.",
      priority: 0,
      cell: (object) => (object as IngressClass).spec?.controller ?? "",
    },
    {
      name: "Parameters",
      type: "string",
      description: "The controller's parameters resource, as kind.group/name.",
      priority: 0,
      cell: (object) => {
        const parameters = (object as IngressClass).spec?.parameters;
        if (!parameters) return "<none>";
        const group = parameters.apiGroup === undefined ? "" : `.${parameters.apiGroup}`;
        return `${parameters.kind ?? ""}${group}/${parameters.name ?? ""}`;
      },
    },
    ageColumn,
  ],
} satisfies KindDefinition;
