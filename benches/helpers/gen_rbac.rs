//! Writes a deterministic corpus of dense RBAC YAML for the benchmarks:
//! `gen-rbac OUT_DIR SCALE [FINDINGS_FILE]`.
//!
//! SCALE × 20,000 Roles and ClusterRoles with 1–6 rules each (some with `*`
//! verbs, resources or API groups), 100 objects per file, so 10× the scale is
//! 10× the bytes and the files. A fixed-seed generator makes every run write
//! the same bytes. With FINDINGS_FILE, also writes one file holding SCALE ×
//! 10,000 wildcard verbs (one finding each), for the rendering benchmark.

use std::fmt::Write as _;
use std::path::Path;

mod rng;
use rng::Rng;

const OBJECTS_PER_SCALE: usize = 20_000;
const OBJECTS_PER_FILE: usize = 100;
const FINDINGS_PER_SCALE: usize = 10_000;

const VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
];
const RESOURCES: &[(&str, &str)] = &[
    ("", "pods"),
    ("", "configmaps"),
    ("", "secrets"),
    ("", "services"),
    ("", "events"),
    ("", "serviceaccounts"),
    ("apps", "deployments"),
    ("apps", "statefulsets"),
    ("apps", "daemonsets"),
    ("batch", "jobs"),
    ("batch", "cronjobs"),
    ("networking.k8s.io", "ingresses"),
    ("coordination.k8s.io", "leases"),
    ("example.com", "widgets"),
    ("example.com", "widgets/status"),
];

fn quoted(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", items.join(", "))
}

fn write_object(out: &mut String, rng: &mut Rng, index: usize) {
    let cluster = rng.below(2) == 0;
    let _ = writeln!(out, "apiVersion: rbac.authorization.k8s.io/v1");
    if cluster {
        let _ = writeln!(out, "kind: ClusterRole");
        let _ = writeln!(out, "metadata:\n  name: generated-{index}");
    } else {
        let _ = writeln!(out, "kind: Role");
        let _ = writeln!(
            out,
            "metadata:\n  name: generated-{index}\n  namespace: ns-{}",
            index % 50
        );
    }
    let _ = writeln!(
        out,
        "  labels:\n    app.kubernetes.io/name: app-{}\n    app.kubernetes.io/part-of: bench",
        index % 97
    );
    let _ = writeln!(out, "rules:");
    for _ in 0..1 + rng.below(6) {
        let mut groups = Vec::new();
        let mut resources = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let (group, resource) = RESOURCES[rng.below(RESOURCES.len())];
            if !groups.contains(&group) {
                groups.push(group);
            }
            if !resources.contains(&resource) {
                resources.push(resource);
            }
        }
        let mut verbs: Vec<&str> = (0..1 + rng.below(4))
            .map(|_| VERBS[rng.below(VERBS.len())])
            .collect();
        verbs.dedup();
        // About one rule in twenty has each kind of wildcard.
        if rng.below(20) == 0 {
            verbs = vec!["*"];
        }
        if rng.below(20) == 0 {
            resources = vec!["*"];
        }
        if rng.below(20) == 0 {
            groups = vec!["*"];
        }
        // Both flow and block sequences, as real manifests mix them.
        if rng.below(2) == 0 {
            let _ = writeln!(out, "- apiGroups: {}", quoted(&groups));
            let _ = writeln!(out, "  resources: {}", quoted(&resources));
            let _ = writeln!(out, "  verbs: {}", quoted(&verbs));
        } else {
            let _ = writeln!(out, "- apiGroups:");
            for g in &groups {
                let _ = writeln!(out, "  - \"{g}\"");
            }
            let _ = writeln!(out, "  resources:");
            for r in &resources {
                let _ = writeln!(out, "  - \"{r}\"");
            }
            let _ = writeln!(out, "  verbs:");
            for v in &verbs {
                let _ = writeln!(out, "  - \"{v}\"");
            }
        }
    }
}

/// Rule entries per object of the findings file: each is one finding, and
/// an object stays well below the engine's per-object findings budget
/// (`MAX_FINDINGS_PER_OBJECT`, 10,000), so both sizes measure rendering
/// rather than the budget's error path.
const FINDINGS_PER_OBJECT: usize = 1_000;

/// One file of `count` findings: `count / FINDINGS_PER_OBJECT` ClusterRoles,
/// each with that many `*` verb entries.
fn write_findings_file(path: &Path, count: usize) {
    let mut out = String::new();
    for object in 0..count.div_ceil(FINDINGS_PER_OBJECT) {
        if object > 0 {
            out.push_str("---\n");
        }
        let _ = write!(
            out,
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: many-findings-{object}\nrules:\n"
        );
        let entries = FINDINGS_PER_OBJECT.min(count - object * FINDINGS_PER_OBJECT);
        for _ in 0..entries {
            out.push_str("- apiGroups: [\"\"]\n  resources: [\"pods\"]\n  verbs: [\"*\"]\n");
        }
    }
    std::fs::write(path, out).expect("write findings file");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen-rbac OUT_DIR SCALE [FINDINGS_FILE]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let scale: usize = args[2].parse().expect("SCALE is a whole number");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create output directory");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let objects = OBJECTS_PER_SCALE * scale;
    let mut bytes = 0;
    for file in 0..objects / OBJECTS_PER_FILE {
        let mut out = String::new();
        for i in 0..OBJECTS_PER_FILE {
            if i > 0 {
                out.push_str("---\n");
            }
            write_object(&mut out, &mut rng, file * OBJECTS_PER_FILE + i);
        }
        bytes += out.len();
        std::fs::write(dir.join(format!("rbac-{file:05}.yaml")), out).expect("write file");
    }
    eprintln!("{objects} objects, {bytes} bytes in {}", dir.display());
    if let Some(findings) = args.get(3) {
        write_findings_file(Path::new(findings), FINDINGS_PER_SCALE * scale);
    }
}
