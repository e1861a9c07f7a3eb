/**
 * Upstream's defaulting for pod specs (SetDefaults_PodSpec, _Container,
 * _Probe, _Volume and the declarative `+default` markers), applied wherever a
 * pod spec appears: pods and every workload's pod template.
 */
import type { Container, Handler, PodSpec, PodTemplateSpec, Probe, Volume, VolumeProjection } from "./pod-types.js";
import { VOLUME_SOURCES } from "./volume-validation.js";

/** Mode 0644, upstream's default for files projected from secrets, config maps and the downward API. */
const DEFAULT_FILE_MODE = 0o644;

/**
 * Upstream reads the tag with the docker reference parser: no tag and no
 * digest means `latest`, which is always pulled; anything else only when absent.
 */
export function defaultImagePullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  if (!image) return "IfNotPresent";
  const [name = ""] = image.split("@");
  const lastColon = name.lastIndexOf(":");
  const tag = lastColon > name.lastIndexOf("/") ? name.slice(lastColon + 1) : image.includes("@") ? "" : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultHandler(handler: Handler | undefined): void {
  if (!handler) return;
  if (handler.httpGet) {
    handler.httpGet.path ||= "/";
    handler.httpGet.scheme ||= "HTTP";
  }
  if (handler.grpc) handler.grpc.service ??= "";
}

function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  defaultHandler(probe);
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.successThreshold ||= 1;
  probe.failureThreshold ||= 3;
}

function defaultContainer(container: Container): void {
  container.imagePullPolicy ||= defaultImagePullPolicy(container.image);
  container.terminationMessagePath ||= "/dev/termination-log";
  container.terminationMessagePolicy ||= "File";
  for (const port of container.ports ?? []) port.protocol ||= "TCP";
  for (const variable of container.env ?? []) {
    const fieldRef = variable.valueFrom?.fieldRef;
    if (fieldRef) fieldRef.apiVersion ||= "v1";
  }
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
  defaultHandler(container.lifecycle?.postStart);
  defaultHandler(container.lifecycle?.preStop);
}

type Source = Record<string, unknown>;

function defaultDownwardAPIItems(source: { items?: { fieldRef?: { apiVersion?: string } }[] } | undefined): void {
  for (const item of source?.items ?? []) {
    if (item.fieldRef) item.fieldRef.apiVersion ||= "v1";
  }
}

function defaultVolume(volume: Volume): void {
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  const source = (field: string): Source | undefined => volume[field] as Source | undefined;

  const hostPath = source("hostPath");
  if (hostPath) hostPath.type ??= "";
  for (const field of ["secret", "configMap", "downwardAPI", "projected"]) {
    const withMode = source(field);
    if (withMode) withMode.defaultMode ??= DEFAULT_FILE_MODE;
  }
  defaultDownwardAPIItems(source("downwardAPI"));
  for (const projection of (source("projected")?.sources ?? []) as VolumeProjection[]) {
    defaultDownwardAPIItems(projection.downwardAPI);
    if (projection.serviceAccountToken) projection.serviceAccountToken.expirationSeconds ??= 3600;
  }
  const claimSpec = (source("ephemeral")?.volumeClaimTemplate as { spec?: Source } | undefined)?.spec;
  if (claimSpec) claimSpec.volumeMode ??= "Filesystem";
  const image = source("image");
  if (image) image.pullPolicy ||= defaultImagePullPolicy(image.reference as string | undefined);
  defaultInTreeSources(source);
}

/** The declarative defaults of the in-tree plugins (`+default` markers in upstream's types). */
function defaultInTreeSources(source: (field: string) => Source | undefined): void {
  const iscsi = source("iscsi");
  if (iscsi) iscsi.iscsiInterface ||= "default";
  const rbd = source("rbd");
  if (rbd) {
    rbd.pool ||= "rbd";
    rbd.user ||= "admin";
    rbd.keyring ||= "/etc/ceph/keyring";
  }
  const azureDisk = source("azureDisk");
  if (azureDisk) {
    azureDisk.cachingMode ??= "ReadWrite";
    azureDisk.fsType ??= "ext4";
    azureDisk.readOnly ??= false;
    azureDisk.kind ??= "Shared";
  }
  const scaleIO = source("scaleIO");
  if (scaleIO) {
    scaleIO.storageMode ||= "ThinProvisioned";
    scaleIO.fsType ||= "xfs";
  }
}

/** Fills a pod spec's defaults in place, as upstream does for pods and pod templates alike. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= "ClusterFirst";
  spec.restartPolicy ||= "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= "default-scheduler";
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    defaultContainer(container);
  }
  for (const volume of spec.volumes ?? []) defaultVolume(volume);
}

/** Defaults a workload's pod template, creating it when absent so validation can report what is missing. */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const result = template ?? {};
  defaultPodSpec((result.spec ??= {}));
  return result;
}

/**
 * Upstream's SetDefaults_Pod: defaults that apply to pods but not to pod
 * templates, so workload templates stay as written.
 */
export function defaultPodOnlyFields(spec: PodSpec): void {
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const resources = container.resources;
    if (resources?.limits) resources.requests = { ...resources.limits, ...resources.requests };
    if (spec.hostNetwork) {
      for (const port of container.ports ?? []) {
        if (!port.hostPort && port.containerPort !== undefined) port.hostPort = port.containerPort;
      }
    }
  }
  spec.enableServiceLinks ??= true;
}
