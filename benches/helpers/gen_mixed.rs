//! Writes a deterministic tree of mixed Kubernetes manifests for the memory
//! benchmark: `gen-mixed OUT_DIR MEGABYTES`.
//!
//! The tree looks like a large monorepo of deployment manifests: one
//! directory per application holding its Deployment, Service, ConfigMap (with
//! a sizeable config file inlined), Secret, Ingress, ServiceAccount and, in
//! about one byte in ten, its RBAC (a Role or ClusterRole and its binding);
//! plus `crds/` files holding large CustomResourceDefinitions, as operators
//! ship them. Generation stops once MEGABYTES × 1,000,000 bytes are written.
//! A fixed-seed generator makes every run write the same bytes.

use std::fmt::Write as _;
use std::path::Path;

mod rng;
use rng::Rng;

const VERBS: &[&str] = &[
    "get", "list", "watch", "create", "update", "patch", "delete",
];
const RESOURCES: &[(&str, &str)] = &[
    ("", "pods"),
    ("", "configmaps"),
    ("", "secrets"),
    ("", "services"),
    ("", "events"),
    ("apps", "deployments"),
    ("batch", "jobs"),
    ("coordination.k8s.io", "leases"),
];

fn metadata(out: &mut String, name: &str, namespace: Option<&str>, app: &str) {
    let _ = writeln!(out, "metadata:\n  name: {name}");
    if let Some(ns) = namespace {
        let _ = writeln!(out, "  namespace: {ns}");
    }
    let _ = writeln!(
        out,
        "  labels:\n    app.kubernetes.io/name: {app}\n    app.kubernetes.io/part-of: bench\n    app.kubernetes.io/managed-by: kustomize"
    );
}

fn deployment(out: &mut String, rng: &mut Rng, app: &str, ns: &str) {
    out.push_str("apiVersion: apps/v1\nkind: Deployment\n");
    metadata(out, app, Some(ns), app);
    let _ = writeln!(
        out,
        "spec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {app}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {app}\n    spec:\n      serviceAccountName: {app}\n      containers:",
        1 + rng.below(5)
    );
    for c in 0..1 + rng.below(3) {
        let _ = writeln!(
            out,
            "      - name: {app}-{c}\n        image: registry.example.com/{app}:v1.{}.{}\n        args: [\"--config=/etc/{app}/config.yaml\", \"--port=8080\", \"--log-level=info\"]\n        ports:\n        - containerPort: 8080\n          name: http\n        env:",
            rng.below(30),
            rng.below(10)
        );
        for e in 0..3 + rng.below(8) {
            let _ = writeln!(
                out,
                "        - name: SETTING_{e}\n          value: \"value-{}\"",
                rng.next() % 100_000
            );
        }
        let _ = writeln!(
            out,
            "        resources:\n          requests: {{cpu: 100m, memory: 128Mi}}\n          limits: {{cpu: \"1\", memory: 512Mi}}\n        readinessProbe:\n          httpGet: {{path: /healthz, port: http}}\n        volumeMounts:\n        - {{name: config, mountPath: /etc/{app}}}"
        );
    }
    let _ = writeln!(
        out,
        "      volumes:\n      - name: config\n        configMap: {{name: {app}-config}}"
    );
}

fn service(out: &mut String, app: &str, ns: &str) {
    out.push_str("apiVersion: v1\nkind: Service\n");
    metadata(out, app, Some(ns), app);
    let _ = writeln!(
        out,
        "spec:\n  selector:\n    app.kubernetes.io/name: {app}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http"
    );
}

fn config_map(out: &mut String, rng: &mut Rng, app: &str, ns: &str) {
    out.push_str("apiVersion: v1\nkind: ConfigMap\n");
    metadata(out, &format!("{app}-config"), Some(ns), app);
    out.push_str("data:\n  config.yaml: |\n");
    for i in 0..5 + rng.below(50) {
        let _ = writeln!(
            out,
            "    section{i}:\n      enabled: {}\n      endpoint: https://{app}-{i}.example.com:{}/api/v1\n      timeout: {}s",
            rng.below(2) == 0,
            8000 + rng.below(1000),
            1 + rng.below(60)
        );
    }
}

fn secret(out: &mut String, rng: &mut Rng, app: &str, ns: &str) {
    out.push_str("apiVersion: v1\nkind: Secret\n");
    metadata(out, &format!("{app}-credentials"), Some(ns), app);
    out.push_str("type: Opaque\ndata:\n");
    for i in 0..2 + rng.below(6) {
        let _ = writeln!(out, "  key{i}: {:016x}{:016x}", rng.next(), rng.next());
    }
}

fn ingress(out: &mut String, app: &str, ns: &str) {
    out.push_str("apiVersion: networking.k8s.io/v1\nkind: Ingress\n");
    metadata(out, app, Some(ns), app);
    let _ = writeln!(
        out,
        "spec:\n  rules:\n  - host: {app}.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service: {{name: {app}, port: {{name: http}}}}"
    );
}

fn service_account(out: &mut String, app: &str, ns: &str) {
    out.push_str("apiVersion: v1\nkind: ServiceAccount\n");
    metadata(out, app, Some(ns), app);
}

fn rbac(out: &mut String, rng: &mut Rng, app: &str, ns: &str) {
    let cluster = rng.below(4) == 0;
    let kind = if cluster { "ClusterRole" } else { "Role" };
    let _ = writeln!(
        out,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}"
    );
    metadata(out, app, (!cluster).then_some(ns), app);
    out.push_str("rules:\n");
    for _ in 0..2 + rng.below(12) {
        let (group, resource) = RESOURCES[rng.below(RESOURCES.len())];
        let verbs: Vec<&str> = VERBS[..1 + rng.below(VERBS.len())].to_vec();
        let _ = writeln!(
            out,
            "- apiGroups: [\"{group}\"]\n  resources: [\"{resource}\"]\n  verbs: [{}]",
            verbs.join(", ")
        );
    }
    out.push_str("---\n");
    let binding = if cluster {
        "ClusterRoleBinding"
    } else {
        "RoleBinding"
    };
    let _ = writeln!(
        out,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: {binding}"
    );
    metadata(out, app, (!cluster).then_some(ns), app);
    let _ = writeln!(
        out,
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {kind}\n  name: {app}\nsubjects:\n- kind: ServiceAccount\n  name: {app}\n  namespace: {ns}"
    );
}

/// A CustomResourceDefinition with a deep, wide schema (CRD files are the
/// largest documents in real repositories).
fn crd(out: &mut String, rng: &mut Rng, index: usize) {
    let plural = format!("widgets{index}");
    let _ = writeln!(
        out,
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {plural}.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: Widget{index}\n    plural: {plural}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:"
    );
    for field in 0..50 + rng.below(300) {
        let _ = writeln!(
            out,
            "              field{field}:\n                description: Field {field} of the widget; controls how the operator reconciles this part of the spec when it changes.\n                type: {}",
            ["string", "integer", "boolean"][rng.below(3)]
        );
    }
}

/// What has been written so far.
#[derive(Default)]
struct Written {
    files: usize,
    bytes: usize,
    rbac_bytes: usize,
}

impl Written {
    fn write(&mut self, path: &Path, text: &str, is_rbac: bool) {
        std::fs::write(path, text).expect("write file");
        self.files += 1;
        self.bytes += text.len();
        if is_rbac {
            self.rbac_bytes += text.len();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen-mixed OUT_DIR MEGABYTES");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let megabytes: usize = args[2].parse().expect("MEGABYTES is a whole number");
    let target = megabytes * 1_000_000;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("crds")).expect("create output directory");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut out = Written::default();
    let mut app = 0;
    while out.bytes < target {
        let name = format!("app-{app:06}");
        let ns = format!("team-{}", app % 40);
        let app_dir = dir.join(format!("apps/{}/{name}", app % 100));
        std::fs::create_dir_all(&app_dir).expect("create app directory");
        let mut workload = String::new();
        deployment(&mut workload, &mut rng, &name, &ns);
        workload.push_str("---\n");
        service(&mut workload, &name, &ns);
        workload.push_str("---\n");
        ingress(&mut workload, &name, &ns);
        out.write(&app_dir.join("workload.yaml"), &workload, false);
        let mut config = String::new();
        config_map(&mut config, &mut rng, &name, &ns);
        config.push_str("---\n");
        secret(&mut config, &mut rng, &name, &ns);
        out.write(&app_dir.join("config.yaml"), &config, false);
        let mut account = String::new();
        service_account(&mut account, &name, &ns);
        out.write(&app_dir.join("serviceaccount.yaml"), &account, false);
        // RBAC for most apps, sized to about a tenth of the bytes.
        if rng.below(10) < 8 {
            let mut text = String::new();
            rbac(&mut text, &mut rng, &name, &ns);
            out.write(&app_dir.join("rbac.yaml"), &text, true);
        }
        if app % 25 == 0 {
            let mut text = String::new();
            crd(&mut text, &mut rng, app);
            out.write(&dir.join(format!("crds/{name}.yaml")), &text, false);
        }
        app += 1;
    }
    eprintln!(
        "{} files, {} bytes ({:.1}% RBAC) in {}",
        out.files,
        out.bytes,
        100.0 * out.rbac_bytes as f64 / out.bytes as f64,
        dir.display()
    );
}
