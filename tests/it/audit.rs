//! `rbaclint audit` through the binary: every shape of log input (JSON
//! lines, EventList, gzip, stdin, malformed lines), every event shape the
//! evaluator must authorize as the API server did (impersonation,
//! non-resource URLs, cluster-scoped resources, subresources), the window
//! and subject filters, and the exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::{rbaclint, scratch, stderr, stdout};

const UNUSED: &str = "fixtures/unused-grant";
/// The roles of gen-audit's controller.
const CONTROLLER_RBAC: &str = "benches/helpers/gen_audit_rbac.yaml";

fn concise(args: &[&str], stdin: Option<&[u8]>) -> (String, String, i32) {
    let mut all = vec!["audit", "--format", "concise"];
    all.extend_from_slice(args);
    let out = rbaclint(&all, stdin);
    (stdout(&out), stderr(&out), out.status.code().unwrap())
}

/// One `ResponseComplete` event of a user, allowed unless `code` is 403.
fn event(id: &str, user: &str, verb: &str, uri: &str, object: Option<Value>, code: u16) -> Value {
    let mut event = json!({
        "kind": "Event",
        "apiVersion": "audit.k8s.io/v1",
        "level": "Metadata",
        "auditID": id,
        "stage": "ResponseComplete",
        "requestURI": uri,
        "verb": verb,
        "user": {"username": user, "groups": ["system:authenticated"]},
        "responseStatus": {"code": code},
        "requestReceivedTimestamp": format!("2026-11-30T12:00:{:02}Z", id.len()),
    });
    if let Some(object) = object {
        event["objectRef"] = object;
    }
    event
}

/// A scratch directory `name` holding the manifests `yaml` as `rbac.yaml`;
/// returns both paths.
fn scratch_manifests(name: &str, yaml: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let manifests = dir.join("rbac.yaml");
    std::fs::write(&manifests, yaml).unwrap();
    (dir, manifests)
}

fn lines(events: &[Value]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

#[test]
fn event_list_gzip_and_stdin_read_as_the_json_lines_do() {
    let log = std::fs::read_to_string(Path::new(UNUSED).join("audit.log")).unwrap();
    let manifest = format!("{UNUSED}/bad.yaml");
    let log_path = format!("{UNUSED}/audit.log");
    let (plain, _, code) = concise(&["--log", &log_path, &manifest], None);
    assert_eq!(code, 1);
    assert_eq!(
        plain
            .lines()
            .filter(|l| l.contains("[unused-grant]"))
            .count(),
        3,
        "{plain}"
    );

    let dir = scratch("audit-inputs");
    let items: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let list = json!({"kind": "EventList", "apiVersion": "audit.k8s.io/v1", "items": items});
    let list_path = dir.join("events.json");
    std::fs::write(&list_path, serde_json::to_string_pretty(&list).unwrap()).unwrap();
    let gzip_path = dir.join("audit.log.1.gz");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(log.as_bytes()).unwrap();
    std::fs::write(&gzip_path, gzip.finish().unwrap()).unwrap();

    for path in [&list_path, &gzip_path] {
        let (out, err, code) = concise(&["--log", path.to_str().unwrap(), &manifest], None);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (plain.as_str(), "", 1),
            "{}",
            path.display()
        );
    }
    let (out, _, code) = concise(&["--log", "-", &manifest], Some(log.as_bytes()));
    assert_eq!((out, code), (plain, 1));
}

#[test]
fn malformed_lines_are_reported_with_their_number_and_skipped() {
    let log = std::fs::read_to_string(Path::new(UNUSED).join("audit.log")).unwrap();
    let mut text = String::new();
    for (i, line) in log.lines().enumerate() {
        text.push_str(line);
        text.push('\n');
        if i == 0 {
            text.push_str(
                "this is not json\n{\"kind\":\"Event\",\"stage\":\"ResponseComplete\"}\n",
            );
        }
    }
    let dir = scratch("audit-malformed");
    let path = dir.join("audit.log");
    std::fs::write(&path, text).unwrap();
    let name = path.to_str().unwrap();
    let (out, err, code) = concise(&["--log", name, &format!("{UNUSED}/bad.yaml")], None);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().filter(|l| l.contains("[unused-grant]")).count(),
        3,
        "{out}"
    );
    let err: Vec<&str> = err.lines().collect();
    assert_eq!(err.len(), 3, "{err:?}");
    assert!(
        err[0].starts_with(&format!("warning: {name}:2: skipped: expected ident")),
        "{}",
        err[0]
    );
    assert_eq!(
        err[1],
        format!("warning: {name}:3: skipped: not an audit event: no auditID")
    );
    assert_eq!(
        err[2],
        format!("warning: {name}: 2 of 7 lines skipped as malformed")
    );
}

#[test]
fn impersonation_non_resource_and_cluster_scoped_requests() {
    let (dir, manifests) = scratch_manifests(
        "audit-shapes",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonator}
rules:
- apiGroups: [""]
  resources: ["users", "groups", "serviceaccounts"]
  verbs: ["impersonate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: alice}
subjects: [{kind: User, name: alice}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: bob}
rules:
- nonResourceURLs: ["/healthz", "/metrics"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["nodes", "pods/log"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: bob}
subjects: [{kind: User, name: bob}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bob}
"#,
    );
    let as_bob = |mut e: Value| {
        e["impersonatedUser"] = json!({"username": "bob", "groups": ["system:authenticated"]});
        e
    };
    let log = lines(&[
        as_bob(event("1", "alice", "get", "/healthz?verbose=1", None, 200)),
        as_bob(event(
            "22",
            "alice",
            "list",
            "/api/v1/nodes",
            Some(json!({"resource": "nodes", "apiVersion": "v1"})),
            200,
        )),
        event(
            "333",
            "bob",
            "get",
            "/api/v1/namespaces/shop/pods/web-0/log",
            Some(
                json!({"resource": "pods", "subresource": "log", "namespace": "shop", "name": "web-0"}),
            ),
            200,
        ),
    ]);
    let log_path = dir.join("audit.log");
    std::fs::write(&log_path, log).unwrap();
    let (out, err, code) = concise(
        &[
            "--log",
            log_path.to_str().unwrap(),
            manifests.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!((err.as_str(), code), ("", 1));
    let found: Vec<String> = out
        .lines()
        .filter(|l| l.contains("[unused-grant]"))
        .map(|l| {
            let (place, rest) = l.split_once(": warning").unwrap();
            let element = rest.split('`').nth(1).unwrap_or("entry");
            format!("{} {element}", place.rsplit_once("rbac.yaml:").unwrap().1)
        })
        .collect();
    // alice impersonated user bob only; bob read /healthz, listed nodes and
    // read one pod's log, never get on nodes nor list on pods/log (one verb
    // each: the verbs are used, no element of them unused).
    assert_eq!(
        found,
        ["6:24 groups", "6:34 serviceaccounts", "19:33 /metrics"],
        "{out}"
    );
    assert!(out.contains(
        "ClusterRole/impersonator: `groups` in rules[0].resources was not used: rules[0] allowed 2 of 2 allowed requests from alice between 2026-11-30T12:00:01Z and 2026-11-30T12:00:03Z"
    ), "{out}");
}

#[test]
fn window_and_subject_filters() {
    let log = format!("{UNUSED}/audit.log");
    let manifest = format!("{UNUSED}/good.yaml");
    let (out, _, code) = concise(
        &[
            "--log",
            &log,
            "--since",
            "2026-11-30T09:00:01+01:00",
            &manifest,
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!(
        "{manifest}:10:11: warning[unused-grant] Role/controller: `get` in rules[0].verbs was not used: rules[0] allowed 2 of 2 allowed requests from system:serviceaccount:shop:controller between 2026-11-30T08:00:01.000000Z and 2026-11-30T08:00:02.000000Z, none through it\n"
    )), "{out}");
    let (out, err, code) = concise(
        &["--log", &log, "--serviceaccount", "shop:other", &manifest],
        None,
    );
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("0 findings in 0 files (1 file checked)\n", "", 0)
    );
    let (out, err, code) = concise(
        &["--log", &log, "--until", "2026-11-30T07:00:00Z", &manifest],
        None,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        err,
        "note: RoleBinding/controller: system:serviceaccount:shop:controller does not appear in the log; Role/controller is not judged\n"
    );
}

#[test]
fn bad_input_exits_2() {
    let (_, err, code) = concise(&["--log", "no/such.log", UNUSED], None);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot open no/such.log: "), "{err}");
    let (_, err, code) = concise(&["--log", "x", "--since", "yesterday", UNUSED], None);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --since yesterday: not an RFC 3339 time (e.g. 2026-11-30T12:00:00Z)\n"
    );
    let out = rbaclint(&["audit", UNUSED], None);
    assert_eq!(out.status.code(), Some(2), "--log is required");
}

#[test]
fn json_report_names_the_audit_rules() {
    let out = rbaclint(
        &[
            "audit",
            "--format",
            "json",
            "--log",
            "fixtures/forbidden-request/audit.log",
            "fixtures/forbidden-request/bad.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = report.to_string();
    assert_eq!(text.matches("\"forbidden-request\"").count(), 2, "{text}");
}

#[path = "../../benches/helpers/gen_audit.rs"]
mod gen_audit;

/// A controller's role with more than its generated traffic uses, judged
/// against two hours of that traffic.
#[test]
fn generated_controller_traffic_against_its_role() {
    let dir = scratch("audit-generated");
    let log = dir.join("audit.log");
    let mut out = std::fs::File::create(&log).unwrap();
    let requests = gen_audit::write_log(&mut out, 2).unwrap();
    assert_eq!(requests, 4612);
    let manifests = Path::new(CONTROLLER_RBAC);
    let (out, err, code) = concise(
        &["--log", log.to_str().unwrap(), manifests.to_str().unwrap()],
        None,
    );
    assert_eq!((err.as_str(), code), ("", 1));
    let found: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_once("rbac.yaml:"))
        .map(|(_, rest)| rest.split_once(": ").unwrap().0)
        .collect();
    assert_eq!(
        found,
        [
            "7:35",  // delete on pods and configmaps
            "10:11", // `*` verbs used for get, patch, update
            "13:11", // get on leases (the lease is only updated)
            "13:18", // create on leases
            "14:19", // events.k8s.io
            "16:21", // patch on events
            "21:12", // list secrets denied
            "28:45", // /metrics
        ],
        "{out}"
    );
    assert!(out.contains("warning[wildcard-narrowable] Role/web-controller: `*` in rules[1].verbs was used only for get, patch, update: rules[1] allowed 2,160 of 4,610 allowed requests from system:serviceaccount:shop:web-controller between 2026-11-30T00:00:00.000000Z and 2026-11-30T01:59:50.000000Z\n"), "{out}");
    assert!(out.contains("warning[forbidden-request] system:serviceaccount:shop:web-controller was denied `list secrets` in namespace shop 2 times between"), "{out}");
}

/// As audit2rbac's demo (its `testdata/demo.log`, written anew): an admin
/// impersonates bob, who lists pods, configmaps and secrets in `default`,
/// is denied, and lists them again once the admin has created a role (the
/// admin's own requests are in the log too; `v1beta1` events with their
/// `RequestReceived` stages). Bob gets one Role in that namespace with
/// exactly those requests, and its binding.
#[test]
fn suggest_on_an_audit2rbac_demo_log_writes_one_role() {
    let out = rbaclint(
        &[
            "audit",
            "--suggest",
            "--user",
            "bob",
            "--log",
            "tests/it/data/audit2rbac-demo.log",
        ],
        None,
    );
    assert_eq!(stderr(&out), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        r#"---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: "rbaclint:suggested:bob"
  namespace: "default"
rules:
- apiGroups: [""]
  resources: ["configmaps", "pods", "secrets"]
  verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: "rbaclint:suggested:bob"
  namespace: "default"
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: "bob"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: "rbaclint:suggested:bob"
"#
    );
}

/// `--suggest --diff`: per subject, a unified diff from the roles bound to
/// it by name (here two Roles and a ClusterRole; not `view`, bound to its
/// group) to the suggested ones, both written in the same form; a note for
/// a binding whose role the manifests lack.
#[test]
fn suggest_diff_against_the_subjects_current_roles() {
    let dir = scratch("audit-diff");
    let log = dir.join("audit.log");
    gen_audit::write_log(&mut std::fs::File::create(&log).unwrap(), 1).unwrap();
    let manifests = dir.join("rbac.yaml");
    let controller = std::fs::read_to_string(CONTROLLER_RBAC).unwrap();
    std::fs::write(
        &manifests,
        controller
            + r#"---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: shop-viewers}
subjects: [{kind: Group, name: "system:serviceaccounts:shop"}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: web-tls, namespace: shop}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: ["web-tls"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-tls, namespace: shop}
subjects: [{kind: ServiceAccount, name: web-controller}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web-tls}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-old, namespace: shop}
subjects: [{kind: ServiceAccount, name: web-controller}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web-old}
"#,
    )
    .unwrap();
    let out = rbaclint(
        &[
            "audit",
            "--suggest",
            "--diff",
            "--serviceaccount",
            "shop:web-controller",
            "--log",
            log.to_str().unwrap(),
            manifests.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        stderr(&out),
        "note: RoleBinding/web-old: roleRef Role/web-old is not in the manifests; the diff of system:serviceaccount:shop:web-controller leaves it out\n"
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        r#"--- current roles of system:serviceaccount:shop:web-controller
+++ suggested roles of system:serviceaccount:shop:web-controller
@@ -2,37 +2,35 @@
 apiVersion: rbac.authorization.k8s.io/v1
 kind: ClusterRole
 metadata:
-  name: "probes"
+  name: "rbaclint:suggested:shop:web-controller"
 rules:
-- nonResourceURLs: ["/healthz", "/version", "/metrics"]
+- nonResourceURLs: ["/healthz", "/version"]
   verbs: ["get"]
 ---
 apiVersion: rbac.authorization.k8s.io/v1
 kind: Role
 metadata:
-  name: "web-controller"
+  name: "rbaclint:suggested:shop:web-controller"
   namespace: "shop"
 rules:
 - apiGroups: [""]
-  resources: ["pods", "configmaps"]
-  verbs: ["get", "list", "watch", "delete"]
+  resources: ["events"]
+  verbs: ["create"]
+- apiGroups: [""]
+  resources: ["configmaps"]
+  verbs: ["get"]
+- apiGroups: [""]
+  resources: ["pods"]
+  verbs: ["get", "list", "watch"]
+- apiGroups: [""]
+  resources: ["secrets"]
+  verbs: ["list"]
+- apiGroups: ["apps"]
+  resources: ["deployments"]
+  verbs: ["get", "patch"]
 - apiGroups: ["apps"]
-  resources: ["deployments", "deployments/status"]
-  verbs: ["*"]
+  resources: ["deployments/status"]
+  verbs: ["update"]
 - apiGroups: ["coordination.k8s.io"]
   resources: ["leases"]
-  verbs: ["get", "create", "update"]
-- apiGroups: ["", "events.k8s.io"]
-  resources: ["events"]
-  verbs: ["create", "patch"]
----
-apiVersion: rbac.authorization.k8s.io/v1
-kind: Role
-metadata:
-  name: "web-tls"
-  namespace: "shop"
-rules:
-- apiGroups: [""]
-  resources: ["secrets"]
-  resourceNames: ["web-tls"]
-  verbs: ["get"]
+  verbs: ["update"]
"#
    );

    // A subject the manifests do not bind: everything is added.
    let out = rbaclint(
        &[
            "audit",
            "--suggest",
            "--diff",
            "--user",
            "admin@example.com",
            "--log",
            log.to_str().unwrap(),
            manifests.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        stdout(&out),
        r#"--- current roles of admin@example.com
+++ suggested roles of admin@example.com
@@ -0,0 +1,10 @@
+---
+apiVersion: rbac.authorization.k8s.io/v1
+kind: Role
+metadata:
+  name: "rbaclint:suggested:admin@example.com"
+  namespace: "shop"
+rules:
+- apiGroups: [""]
+  resources: ["serviceaccounts"]
+  verbs: ["impersonate"]
"#
    );
    // Without --suggest, --diff is --fix's diff (tests/it/fixes.rs); a
    // suggestion is never applied in place.
    let out = rbaclint(
        &[
            "audit",
            "--suggest",
            "--fix",
            "--log",
            log.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "--fix conflicts with --suggest");
}

/// The suggested roles of generated traffic, judged against that traffic:
/// nothing unused but the entry of the request the cluster denied (the
/// suggestion covers attempted requests), and nothing forbidden any more.
#[test]
fn suggested_roles_round_trip_through_audit() {
    let dir = scratch("audit-round-trip");
    let log = dir.join("audit.log");
    gen_audit::write_log(&mut std::fs::File::create(&log).unwrap(), 1).unwrap();
    let suggested = dir.join("suggested.yaml");
    let log = log.to_str().unwrap();
    let out = rbaclint(
        &[
            "audit",
            "--suggest",
            "--log",
            log,
            "-o",
            suggested.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (out, err, code) = concise(&["--log", log, suggested.to_str().unwrap()], None);
    assert_eq!((err.as_str(), code), ("", 1));
    let findings: Vec<&str> = out.lines().filter(|l| l.contains("warning[")).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(
        findings[0].contains("warning[unused-grant] Role/rbaclint:suggested:shop:web-controller: no request used rules[3]"),
        "{out}"
    );
    let text = std::fs::read_to_string(&suggested).unwrap();
    assert!(
        text.contains("- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"list\"]\n"),
        "{text}"
    );
}

/// A group's members the log does not show may use anything: a role bound
/// to a Group is judged only when `--group` names it.
#[test]
fn a_role_bound_to_a_group_is_judged_only_with_group() {
    let (dir, manifests) = scratch_manifests(
        "audit-group",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: viewer}
rules:
- apiGroups: [""]
  resources: ["pods", "configmaps", "secrets"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
subjects: [{kind: Group, name: "system:serviceaccounts:shop"}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
"#,
    );
    let log = dir.join("audit.log");
    gen_audit::write_log(&mut std::fs::File::create(&log).unwrap(), 1).unwrap();
    let (log, manifests) = (log.to_str().unwrap(), manifests.to_str().unwrap());
    let (out, err, _) = concise(&["--log", log, manifests], None);
    assert!(!out.contains("[unused-grant]"), "{out}");
    assert_eq!(
        err,
        "note: ClusterRoleBinding/viewers: the log cannot show every member of group system:serviceaccounts:shop (name it with --group to judge them); ClusterRole/viewer is not judged\n"
    );
    let (out, err, _) = concise(
        &[
            "--log",
            log,
            "--group",
            "system:serviceaccounts:shop",
            manifests,
        ],
        None,
    );
    assert_eq!(err, "");
    let unused: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[unused-grant]"))
        .collect();
    assert_eq!(unused.len(), 1, "{out}");
    assert!(
        unused[0].contains("`secrets` in rules[0].resources was not used: rules[0] allowed 361 of"),
        "{out}"
    );
}

/// Server-side apply that creates a missing object is a PATCH the API server
/// also authorizes as `create` with the object's name (status 201): a named
/// `create` it used is not reported unused; after a PATCH of an existing
/// object (200) it is.
#[test]
fn an_apply_that_created_its_object_used_the_named_create() {
    let (dir, manifests) = scratch_manifests(
        "audit-apply-create",
        r#"apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: settings-owner, namespace: shop}
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["settings"]
  verbs: ["get", "create", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: settings-owner, namespace: shop}
subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: settings-owner}
"#,
    );
    let user = "system:serviceaccount:shop:app";
    let object = json!({"resource": "configmaps", "namespace": "shop", "name": "settings", "apiVersion": "v1"});
    let uri = "/api/v1/namespaces/shop/configmaps/settings";
    let unused_verbs = |apply_code: u16| -> Vec<String> {
        let log = dir.join(format!("audit-{apply_code}.log"));
        std::fs::write(
            &log,
            lines(&[
                event("a", user, "get", uri, Some(object.clone()), 200),
                event("bb", user, "patch", uri, Some(object.clone()), apply_code),
            ]),
        )
        .unwrap();
        let (out, _, _) = concise(
            &["--log", log.to_str().unwrap(), manifests.to_str().unwrap()],
            None,
        );
        out.lines()
            .filter(|l| l.contains("[unused-grant]"))
            .map(String::from)
            .collect()
    };
    assert_eq!(unused_verbs(201), Vec::<String>::new());
    let unused = unused_verbs(200);
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(unused[0].contains("`create`"), "{unused:?}");
}
