// tgauth's own rules for a rendered overlay, beyond the API schemas: how
// the two Deployments must run, what each process is configured with, and
// which secrets the gateway may see.
//   node policy.mjs RENDERED.yaml          exit 1 with one line per broken rule
//   node policy.mjs --self-test RENDERED.yaml
//       breaks each rule in a copy of the objects and fails unless caught.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// Every variable each process was configured with before the manifests
// were split; the binaries read TGAUTH_<FLAG> (common/env_flags.h).
const REQUIRED_ENV = {
  "tgauth-server": [
    "TGAUTH_DATABASE_URL", "TGAUTH_REDIS_URL", "TGAUTH_WEBHOOK_SECRET", "TGAUTH_BOT_TOKEN",
    "TGAUTH_BOT_USERNAME", "TGAUTH_SITE_URL", "TGAUTH_SIGNING_KEY_FILE",
    "TGAUTH_REFRESH_TOKEN_KEY_FILE", "TGAUTH_ADMIN_TOKEN_FILE", "TGAUTH_GATEWAY_TOKEN_FILE",
    "TGAUTH_GRPC_ADDRESS", "TGAUTH_METRICS_ADDRESS",
  ],
  "tgauth-gateway": [
    "TGAUTH_WEBHOOK_SECRET", "TGAUTH_GATEWAY_TOKEN_FILE", "TGAUTH_SITE_URL",
    "TGAUTH_SERVER_ADDRESS", "TGAUTH_LISTEN_ADDRESS", "TGAUTH_CORS_ALLOWED_ORIGINS",
    "TGAUTH_TRUST_FORWARDED_FOR", "TGAUTH_TRUSTED_PROXY_HOPS",
    "TGAUTH_MAX_CONNECTIONS_PER_CLIENT", "TGAUTH_MAX_BUFFERED_BODY_BYTES_PER_CLIENT",
    "TGAUTH_METRICS_ADDRESS",
  ],
};
// What only the server may hold: store credentials, the bot token, keys.
const SERVER_ONLY_KEYS = [
  "TGAUTH_DATABASE_URL", "TGAUTH_REDIS_URL", "TGAUTH_BOT_TOKEN",
  "signing-key.pem", "refresh-token-key", "admin-token",
];
// The files each process reads, and where.
const REQUIRED_FILES = {
  "tgauth-server": ["/etc/tgauth/keys/signing-key.pem", "/etc/tgauth/keys/refresh-token-key",
                    "/etc/tgauth/keys/admin-token", "/etc/tgauth/gateway/gateway-token"],
  "tgauth-gateway": ["/etc/tgauth/gateway/gateway-token"],
};

export function check(objects) {
  const errors = [];
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  // Generated Secrets and ConfigMaps carry a content hash after their name.
  const source = (kind, name) => find(kind, name);

  for (const name of ["tgauth-server", "tgauth-gateway"]) {
    const fail = (what) => errors.push(`${name}: ${what}`);
    const deployment = find("Deployment", name);
    if (!deployment) { fail("no Deployment"); continue; }
    const pod = deployment.spec.template.spec;
    if (!(deployment.spec.replicas >= 2)) fail("fewer than 2 replicas");
    const podSecurity = pod.securityContext ?? {};
    if (podSecurity.runAsNonRoot !== true) fail("pod runAsNonRoot is not true");
    if (!(Number.isInteger(podSecurity.runAsUser) && podSecurity.runAsUser > 0)) fail("pod runAsUser is not a numeric non-root user");
    if (podSecurity.seccompProfile?.type !== "RuntimeDefault") fail("seccompProfile is not RuntimeDefault");
    if (!Number.isInteger(podSecurity.fsGroup)) fail("no fsGroup for the 0440 secret files");
    if (!(pod.topologySpreadConstraints?.length > 0)) fail("no topology spread");
    if (pod.automountServiceAccountToken !== false) fail("mounts a service account token it never uses");
    for (const c of pod.containers) {
      const s = c.securityContext ?? {};
      if (s.allowPrivilegeEscalation !== false) fail(`${c.name}: allowPrivilegeEscalation is not false`);
      if (s.readOnlyRootFilesystem !== true) fail(`${c.name}: root filesystem is writable`);
      if (!s.capabilities?.drop?.includes("ALL")) fail(`${c.name}: capabilities not all dropped`);
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[resource] === undefined) fail(`${c.name}: no ${resource} ${kind}`);
        }
      }
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        if (!c[probe]) fail(`${c.name}: no ${probe}`);
      }
      const native = name === "tgauth-server" ? "grpc" : "httpGet";
      for (const probe of ["startupProbe", "readinessProbe"]) {
        if (c[probe] && !c[probe][native]) fail(`${c.name}: ${probe} is not ${native}`);
      }
    }

    // What the process is configured with, and which secret keys it can read.
    const env = new Set();
    const secretKeys = new Set();
    const c = pod.containers[0];
    for (const e of c.env ?? []) {
      env.add(e.name);
      if (e.valueFrom?.secretKeyRef) secretKeys.add(e.valueFrom.secretKeyRef.key);
    }
    for (const from of c.envFrom ?? []) {
      const ref = from.configMapRef ?? from.secretRef;
      const object = source(from.configMapRef ? "ConfigMap" : "Secret", ref.name);
      if (!object) { fail(`envFrom names a missing ${ref.name}`); continue; }
      for (const key of Object.keys({ ...object.data, ...object.stringData })) {
        env.add(key);
        if (from.secretRef) secretKeys.add(key);
      }
    }
    const mounted = new Set();
    for (const volume of pod.volumes ?? []) {
      if (!volume.secret) continue;
      if (volume.secret.defaultMode !== 0o440) fail(`volume ${volume.name}: mode is not 0440`);
      const secret = source("Secret", volume.secret.secretName);
      if (!secret) { fail(`volume ${volume.name} names a missing Secret`); continue; }
      const mount = c.volumeMounts?.find((m) => m.name === volume.name);
      for (const key of Object.keys({ ...secret.data, ...secret.stringData })) {
        secretKeys.add(key);
        if (mount) mounted.add(`${mount.mountPath}/${key}`);
      }
    }
    for (const v of REQUIRED_ENV[name]) if (!env.has(v)) fail(`${v} is not configured`);
    for (const f of REQUIRED_FILES[name]) if (!mounted.has(f)) fail(`${f} is not mounted`);
    if (name === "tgauth-gateway") {
      for (const key of SERVER_ONLY_KEYS) if (secretKeys.has(key)) fail(`can read ${key}`);
    }
    // Metrics on a port of their own, which Prometheus is told of.
    const metricsPort = c.ports?.find((p) => p.name === "metrics")?.containerPort;
    if (metricsPort === undefined) fail("no port named metrics");
    const annotations = deployment.spec.template.metadata.annotations ?? {};
    if (annotations["prometheus.io/port"] !== String(metricsPort)) {
      fail("prometheus.io/port does not name the metrics port");
    }
    // SIGTERM comes after the preStop sleep; both fit the grace period.
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith(name));
    const sleep = preStopSeconds(c);
    if (!(sleep > 0)) fail("no preStop sleep before SIGTERM");
    if (!(sleep + drainSeconds(name, config) < pod.terminationGracePeriodSeconds)) {
      fail("preStop sleep plus the drain after SIGTERM exceed terminationGracePeriodSeconds");
    }
    if (!find("PodDisruptionBudget", name)) fail("no PodDisruptionBudget");
    const hpa = find("HorizontalPodAutoscaler", name);
    if (!hpa || !(hpa.spec.minReplicas >= 2)) fail("no HorizontalPodAutoscaler keeping 2 replicas");
  }

  const ingress = objects.find((o) => o.kind === "Ingress");
  const paths = ingress?.spec.rules.flatMap((r) => r.http.paths.map((p) => p.path)) ?? [];
  for (const path of ["/", "/telegram/webhook"]) {
    if (!paths.includes(path)) errors.push(`Ingress: no route for ${path}`);
  }
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  if (!policies.some((p) => Object.keys(p.spec.podSelector).length === 0 ||
                            Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0)) {
    errors.push("NetworkPolicy: no default deny");
  }
  if (!objects.some((o) => o.kind === "Namespace")) errors.push("no Namespace");
  return errors;
}

// Seconds each process may take to drain after SIGTERM: the server's
// TGAUTH_SHUTDOWN_GRACE_PERIOD (a Go-style duration such as "20s"), the
// gateway's fixed HttpServerOptions::shutdown_grace (gateway/http_server.h).
function drainSeconds(name, config) {
  if (name === "tgauth-gateway") return 10;
  const match = /^(\d+)s$/.exec(config?.data?.TGAUTH_SHUTDOWN_GRACE_PERIOD ?? "20s");
  return match ? Number(match[1]) : NaN;
}

// The preStop sleep's seconds; NaN when there is none.
function preStopSeconds(container) {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  return command.length === 2 && command[0] === "/bin/sleep" ? Number(command[1]) : NaN;
}

export function readObjects(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
}

// Each mutation breaks one rule; check() must report it.
const MUTATIONS = {
  "the gateway reads the server's secrets": (objects) => {
    const gateway = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "tgauth-gateway");
    const server = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "tgauth-server");
    const serverEnv = server.spec.template.spec.containers[0].envFrom.find(
      (from) => from.secretRef?.name.startsWith("tgauth-server-env"));
    gateway.spec.template.spec.containers[0].envFrom.push(serverEnv);
  },
  "a writable root filesystem": (objects) => {
    const server = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "tgauth-server");
    server.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
  },
  "one replica": (objects) => {
    objects.find((o) => o.kind === "Deployment").spec.replicas = 1;
  },
  "a preStop sleep that leaves no time to drain": (objects) => {
    const server = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "tgauth-server");
    server.spec.template.spec.containers[0].lifecycle.preStop.exec.command = ["/bin/sleep", "15"];
  },
  "metrics announced on another port": (objects) => {
    const gateway = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "tgauth-gateway");
    gateway.spec.template.metadata.annotations["prometheus.io/port"] = "8080";
  },
  "a lost setting": (objects) => {
    const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("tgauth-gateway"));
    delete config.data.TGAUTH_TRUSTED_PROXY_HOPS;
  },
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const args = process.argv.slice(2);
  const selfTest = args[0] === "--self-test";
  const file = selfTest ? args[1] : args[0];
  if (!file) { console.error("usage: node policy.mjs [--self-test] RENDERED.yaml"); process.exit(2); }
  const errors = check(readObjects(file));
  for (const e of errors) console.error(`${file}: ${e}`);
  if (errors.length > 0) process.exit(1);
  if (!selfTest) { console.log(`${file}: every tgauth rule holds`); process.exit(0); }
  let missed = 0;
  for (const [what, mutate] of Object.entries(MUTATIONS)) {
    const objects = readObjects(file);
    mutate(objects);
    const caught = check(objects);
    if (caught.length === 0) { console.error(`not caught: ${what}`); missed++; }
    else console.log(`caught ${what}: ${caught[0]}`);
  }
  process.exit(missed === 0 ? 0 : 1);
}
