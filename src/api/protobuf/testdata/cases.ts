/**
 * The kubectl commands whose protobuf bodies are fixtures here. record.ts
 * records them; ../kubectl.test.ts decodes them.
 */

export interface KubectlCase {
  /** Fixture file stem: <name>.bin (the POST body) and <name>.json (the object expected). */
  readonly name: string;
  /** Arguments after `kubectl create`. */
  readonly args: readonly string[];
  /** The expected JSON, for commands that have no `--dry-run=client -o json`. */
  readonly expected?: unknown;
  /** Objects the command reads first: API path → JSON file in this folder. */
  readonly serves?: Readonly<Record<string, string>>;
}

export const kubectlCases: readonly KubectlCase[] = [
  { name: "namespace", args: ["namespace", "dev"] },
  { name: "deployment", args: ["deployment", "web", "--image=nginx", "--replicas=2", "--port=80"] },
  // replicas is a Go pointer: an explicit 0 must survive decoding.
  { name: "deployment-two-images", args: ["deployment", "multi", "--image=nginx", "--image=busybox:1.36", "--replicas=0"] },
  { name: "job", args: ["job", "once", "--image=busybox", "--", "echo", "hi"] },
  {
    // kubectl reads the CronJob and posts its job template as a Job: the one
    // generator that sends a pod template as rich as the server hands it, so
    // this body carries most of the PodSpec family (see rich-cronjob.input.json).
    name: "job-from-cronjob",
    args: ["job", "manual", "--from=cronjob/rich"],
    serves: { "/apis/batch/v1/namespaces/default/cronjobs/rich": "rich-cronjob.input.json" },
  },
  { name: "cronjob", args: ["cronjob", "c", "--image=busybox", "--schedule=*/5 * * * *"] },
  { name: "cronjob-command", args: ["cronjob", "c2", "--image=busybox", "--schedule=@hourly", "--restart=Never", "--", "sh", "-c", "date"] },
  { name: "configmap", args: ["configmap", "cfg", "--from-literal=a=1"] },
  { name: "configmap-literals", args: ["configmap", "cfg2", "--from-literal=a=1", "--from-literal=empty=", "--from-literal=u=grüße"] },
  { name: "secret-generic", args: ["secret", "generic", "s", "--from-literal=p=x"] },
  { name: "secret-generic-typed", args: ["secret", "generic", "s2", "--type=example.com/kind", "--from-literal=empty=", "--from-literal=p=x y"] },
  {
    name: "secret-docker-registry",
    args: ["secret", "docker-registry", "reg", "--docker-server=registry.example", "--docker-username=u", "--docker-password=p"],
  },
  { name: "serviceaccount", args: ["serviceaccount", "bot"] },
  { name: "service-clusterip", args: ["service", "clusterip", "web", "--tcp=80:8080"] },
  // A named target port: IntOrString's string form.
  { name: "service-nodeport", args: ["service", "nodeport", "np", "--tcp=80:http", "--node-port=30080"] },
  { name: "service-externalname", args: ["service", "externalname", "ext", "--external-name=example.com"] },
  { name: "role", args: ["role", "r", "--verb=get", "--resource=pods"] },
  { name: "rolebinding", args: ["rolebinding", "rb", "--role=r", "--user=u"] },
  { name: "rolebinding-subjects", args: ["rolebinding", "rb2", "--clusterrole=view", "--serviceaccount=default:bot", "--group=g"] },
  { name: "clusterrole", args: ["clusterrole", "cr", "--verb=get", "--resource=nodes"] },
  { name: "clusterrole-aggregated", args: ["clusterrole", "agg", "--aggregation-rule=rbac.example.com/aggregate=true"] },
  { name: "clusterrolebinding", args: ["clusterrolebinding", "crb", "--clusterrole=cr", "--user=u"] },
  { name: "quota", args: ["quota", "q", "--hard=pods=10"] },
  { name: "quota-scopes", args: ["quota", "q2", "--hard=cpu=1,memory=1Gi,pods=2", "--scopes=BestEffort"] },
  { name: "priorityclass", args: ["priorityclass", "p", "--value=1000"] },
  // value has no omitempty in Go: 0 is a value, not an absence.
  {
    name: "priorityclass-zero",
    args: ["priorityclass", "p0", "--value=0", "--global-default", "--preemption-policy=Never", "--description=d"],
  },
  { name: "poddisruptionbudget", args: ["poddisruptionbudget", "pdb", "--selector=app=x", "--min-available=1"] },
  { name: "poddisruptionbudget-percent", args: ["poddisruptionbudget", "pdb2", "--selector=app=x", "--max-unavailable=50%"] },
  { name: "ingress", args: ["ingress", "i", "--rule=foo.com/bar=svc:80"] },
  {
    name: "ingress-tls",
    args: ["ingress", "tls", "--class=nginx", "--default-backend=def:http", "--rule=a.com/*=svc:8080,tls=cert", "--annotation=x=y"],
  },
  {
    // `create token` prints the issued token and has no dry run. Expected: the
    // JSON Go writes for TokenRequest{spec: {audiences, expirationSeconds}}.
    name: "token",
    args: ["token", "bot", "--duration=1h", "--audience=api"],
    expected: {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: { audiences: ["api"], expirationSeconds: 3600 },
      status: { token: "", expirationTimestamp: null },
    },
  },
];
