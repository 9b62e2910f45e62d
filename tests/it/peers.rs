//! rbaclint against the expectations of two peers' own RBAC test suites
//! (`../shared/peer-suites/checkov` and `kube-linter`). Each case directory
//! (or e2e file) is linted as its own root, as the peers' tests scan it. For
//! every (object, check) verdict the peer expects, the peer's question is
//! asked of rbaclint's evaluator with Kubernetes' exact semantics, and
//! rbaclint's own findings on the object are listed. `PEERS.md` is the
//! table this test writes (`UPDATE_PEERS=1`) or checks; every disagreement
//! must carry an explanation below, and every explanation must be used.

use crate::common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rbaclint::authz::{Policy, Request};
use rbaclint::capability::Capability;
use rbaclint::engine::Outcome;
use rbaclint::finding::Finding;
use rbaclint::model::{Rbac, RbacObject};
use rbaclint::rule_id::RuleId;
use rbaclint::settings::Settings;

/// What a peer check asks, in rbaclint's terms.
enum Question {
    /// The object (a role's effective rules, or the roles a binding resolves
    /// to) allows some request of every set. `service_accounts_only`: the
    /// peer judges only bindings with a ServiceAccount subject.
    Allows {
        all_of: Vec<Vec<Request>>,
        service_accounts_only: bool,
    },
    /// rbaclint reports one of these rules on the object, with a message
    /// containing the given text (`""`: any message).
    Finding(&'static [(&'static str, &'static str)]),
    /// rbaclint `--complete` reports `missing-role-ref` on the binding.
    MissingRole,
    /// The peer tests its template's parameters, not an RBAC fact.
    NotComparable,
}

fn requests(verbs: &[&str], group: &str, resources: &[&str]) -> Vec<Request> {
    resources
        .iter()
        .flat_map(|r| verbs.iter().map(move |v| Request::resource(v, group, r)))
        .collect()
}

/// The requests of the capability the rule `rule_id` reports.
fn capability(rule_id: &str) -> Vec<Request> {
    let c: &Capability = rbaclint::rules::find(rule_id)
        .and_then(|rule| rule.capability)
        .expect("a rule with a capability");
    c.grants
        .iter()
        .flat_map(|g| {
            let resources: Vec<String> = g
                .resources
                .iter()
                .map(|r| r.replace("/*", "/key"))
                .collect();
            let resources: Vec<&str> = resources.iter().map(String::as_str).collect();
            requests(g.verbs, g.group, &resources)
        })
        .collect()
}

fn allows(sets: Vec<Vec<Request>>, service_accounts_only: bool) -> Question {
    Question::Allows {
        all_of: sets,
        service_accounts_only,
    }
}

fn question(check: &str) -> Question {
    match check {
        "CKV_K8S_49" => Question::Finding(&[
            ("wildcard-verbs", ""),
            ("wildcard-resources", ""),
            ("broad-api-groups", "`*` in apiGroups"),
        ]),
        "CKV_K8S_155" => allows(
            vec![requests(
                &["create", "update", "patch"],
                "admissionregistration.k8s.io",
                &[
                    "mutatingwebhookconfigurations",
                    "validatingwebhookconfigurations",
                ],
            )],
            false,
        ),
        "CKV_K8S_156" => allows(
            vec![
                requests(
                    &["update", "patch"],
                    "certificates.k8s.io",
                    &["certificatesigningrequests/approval"],
                ),
                requests(&["approve"], "certificates.k8s.io", &["signers"]),
            ],
            false,
        ),
        // "bind RoleBindings": Kubernetes checks bind on the role a binding references.
        "CKV_K8S_157" => allows(vec![capability("bind-verb")], false),
        "CKV_K8S_158" => allows(vec![capability("escalate-verb")], false),
        "CKV_K8S_42" => Question::Finding(&[("default-service-account-binding", "")]),
        "CKV2_K8S_1" => allows(vec![capability("bind-verb")], true),
        "CKV2_K8S_2" => allows(
            vec![[
                requests(&["create", "get"], "", &["pods/exec"]),
                requests(&["create", "get"], "", &["nodes/proxy"]),
            ]
            .concat()],
            true,
        ),
        "CKV2_K8S_3" => allows(vec![capability("impersonate-verb")], true),
        "CKV2_K8S_4" => allows(
            vec![requests(&["update", "patch"], "", &["services/status"])],
            true,
        ),
        "CKV2_K8S_5" => allows(vec![capability("secrets-read")], true),
        "access-to-create-pods" => allows(
            vec![[
                requests(&["create"], "", &["pods"]),
                requests(
                    &["create"],
                    "apps",
                    &["deployments", "statefulsets", "replicasets", "daemonsets"],
                ),
                requests(&["create"], "batch", &["jobs", "cronjobs"]),
            ]
            .concat()],
            false,
        ),
        "access-to-secrets" => allows(
            vec![requests(
                &["get", "list", "delete", "create", "watch"],
                "",
                &["secrets"],
            )],
            false,
        ),
        "cluster-admin-role-binding" => Question::Finding(&[("cluster-admin-binding", "")]),
        "wildcard-in-rules" => {
            Question::Finding(&[("wildcard-verbs", ""), ("wildcard-resources", "")])
        }
        other => panic!("no question for {other}"),
    }
}

/// kube-linter's template unit tests: the question depends on the params.
fn unit_question(dir: &str) -> Question {
    match dir {
        d if d.starts_with("TestNoRestrictions") => Question::NotComparable,
        d if d.starts_with("TestRoleNotFound") => Question::MissingRole,
        "TestRoleWithNoAccessToSecrets" => allows(
            vec![requests(&["get", "delete", "create"], "", &["secrets"])],
            false,
        ),
        "TestClusterRoleWithNoAccessToSecrets" | "TestClusterRoleWithAggregationRule" => allows(
            vec![requests(&["get", "create", "watch"], "", &["secrets"])],
            false,
        ),
        "TestRoleWithNoAccessToDeployments" => allows(
            vec![[
                requests(&["get", "create", "watch"], "apps", &["deployments"]),
                requests(&["get", "create", "watch"], "batch", &["cronjobs"]),
            ]
            .concat()],
            false,
        ),
        other => panic!("no question for {other}"),
    }
}

/// Why rbaclint differs from a peer's expectation, keyed by (check, file, object).
const EXPLANATIONS: &[(&str, &str, &str, &str)] = &[
    ("CKV_K8S_157", "clusterrole-failed-1.yaml", "test-should-fail-1",
     "peer wrong: `bind` is checked on the referenced role (roles/clusterroles), never on rolebindings; `bind` on rolebindings grants nothing"),
    ("CKV2_K8S_1", "Failing1/FailingClusterRoleBinding.yaml", "failing-crb1",
     "peer wrong: `*` on clusterrolebindings lets it write bindings, but the API server still requires the role's permissions or `bind` on the role; no `bind` on roles/clusterroles is granted"),
    ("CKV2_K8S_1", "Failing3/FailingRoleBinding.yaml", "failing-rb3",
     "peer wrong: `bind` on rolebindings grants nothing; bind is checked on roles/clusterroles"),
    ("CKV2_K8S_2", "Failing/4/clusterrolebinding4.yaml", "failing-crb4",
     "peer wrong: the role's only group is rbac.authorization.k8s.io, which serves neither pods/exec nor nodes/proxy (checkov's graph checks ignore apiGroups)"),
    ("CKV2_K8S_2", "Passing/2/clusterrolebinding2.yaml", "passing-crb2",
     "peer wrong: `get` on nodes/proxy is enough — the kubelet's exec endpoint is reached over a websocket opened with GET"),
    ("CKV2_K8S_4", "Failing/1/FailingClusterRoleBinding.yaml", "failing-crb1",
     "peer wrong: services/status is in the core group, and the role grants it only in rbac.authorization.k8s.io (apiGroups ignored)"),
    ("CKV2_K8S_4", "Failing/2/FailingClusterRoleBinding.yaml", "failing-crb2",
     "peer wrong: `*` resources of rbac.authorization.k8s.io do not include core services/status (apiGroups ignored)"),
    ("TestClusterRoleWithNoAccessToSecrets", "manifests.yaml", "cluster-role-binding1",
     "peer wrong: cluster-role1 has an aggregationRule, so the controller replaces its own rules with those of the ClusterRoles its selector matches — none in the input — and it grants nothing"),
    ("TestRoleWithNoAccessToDeployments", "manifests.yaml", "role-binding1",
     "peer wrong: the role names `deployments` in the core group \"\", which serves no deployments (they are in apps): it grants nothing; rbaclint reports unknown-resource"),
];

struct Row {
    suite: &'static str,
    check: String,
    case: String,
    object: String,
    peer: bool,
    rbaclint: Option<bool>,
    /// Why there is no rbaclint verdict.
    not_comparable: Option<&'static str>,
    findings: Vec<String>,
}

fn lint_root(root: &Path, complete: bool) -> Outcome {
    let mut files: Vec<PathBuf> = if root.is_file() {
        vec![root.to_path_buf()]
    } else {
        walkdir(root)
    };
    files.sort();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    // Peers' checks are compared with every rule, opt-in ones included.
    let mut settings = Settings::all_rules();
    settings.complete = complete;
    common::lint_files_with(&refs, &settings)
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    out
}

/// The objects of `file` (a path suffix) with this kind and name, in order.
fn objects(outcome: &Outcome, file: &str, kind: &str, name: &str) -> Vec<usize> {
    outcome
        .workspace
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            outcome.workspace.files[o.file].name.ends_with(file)
                && o.id.kind == kind
                && o.id.name == name
        })
        .map(|(i, _)| i)
        .collect()
}

/// The findings located inside this object (two documents may share a name).
fn located_in<'a>(
    outcome: &'a Outcome,
    object: &'a RbacObject,
) -> impl Iterator<Item = &'a Finding> {
    outcome.findings.iter().filter(move |f| {
        f.primary.file == object.file
            && object.node.span.start <= f.primary.span.start
            && f.primary.span.end <= object.node.span.end
    })
}

fn findings_on(outcome: &Outcome, object: &RbacObject) -> Vec<String> {
    let mut rules: Vec<String> = located_in(outcome, object)
        .map(|f| f.rule.to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

fn answer(outcome: &Outcome, index: usize, question: &Question) -> Option<bool> {
    let policy = Policy::new(&outcome.workspace.objects, &outcome.workspace.catalogue);
    let object = &outcome.workspace.objects[index];
    match question {
        Question::NotComparable => None,
        Question::Finding(rules) => Some(located_in(outcome, object).any(|f| {
            rules
                .iter()
                .any(|(rule, text)| f.rule.as_str() == *rule && f.message.contains(text))
        })),
        Question::MissingRole => {
            Some(located_in(outcome, object).any(|f| f.rule == RuleId::MissingRoleRef))
        }
        Question::Allows {
            all_of,
            service_accounts_only,
        } => {
            let roles: Vec<usize> = match object.rbac {
                Rbac::Role(_) | Rbac::ClusterRole(_) => vec![index],
                _ => {
                    let (_, subjects) = object.binding().unwrap();
                    if *service_accounts_only
                        && !subjects.iter().any(|s| s.kind == "ServiceAccount")
                    {
                        return Some(false);
                    }
                    policy.role_ref_targets(index).to_vec()
                }
            };
            Some(all_of.iter().all(|set| {
                roles.iter().any(|&role| {
                    set.iter()
                        .any(|r| policy.role_allows(role, r).next().is_some())
                })
            }))
        }
    }
}

/// `Kind.namespace.name` (checkov) or `Kind ns/name (...)` / `Kind name` (kube-linter).
fn parse_object(text: &str) -> (String, String, usize) {
    let nth = if text.contains("2nd document") { 1 } else { 0 };
    let head = text.split(" (").next().unwrap().split(';').next().unwrap();
    if let Some((kind, rest)) = head.split_once(' ') {
        let name = rest.rsplit('/').next().unwrap();
        return (kind.to_string(), name.to_string(), nth);
    }
    let mut parts = head.splitn(3, '.');
    let kind = parts.next().unwrap().to_string();
    let _namespace = parts.next();
    (kind, parts.next().unwrap().to_string(), nth)
}

fn checkov_rows(suite: &Path) -> Vec<Row> {
    let tsv = std::fs::read_to_string(suite.join("expected.tsv")).unwrap();
    let mut cache: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut rows = Vec::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (check, dir, file, object, expected) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let outcome = cache
            .entry(dir.to_string())
            .or_insert_with(|| lint_root(&suite.join(dir), false));
        let (kind, name, nth) = parse_object(object);
        let found = objects(outcome, file, &kind, &name);
        let index = *found
            .get(nth)
            .unwrap_or_else(|| panic!("{dir}/{file}: {object} not found"));
        rows.push(Row {
            suite: "checkov",
            check: check.to_string(),
            case: format!("{dir}/{file}"),
            object: format!("{kind}/{name}"),
            peer: expected == "FAILED",
            rbaclint: answer(outcome, index, &question(check)),
            not_comparable: None,
            findings: findings_on(outcome, &outcome.workspace.objects[index]),
        });
    }
    rows
}

fn kube_linter_rows(suite: &Path) -> Vec<Row> {
    let tsv = std::fs::read_to_string(suite.join("expected.tsv")).unwrap();
    let mut rows = Vec::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, check, object_text, expected) = (cols[0], cols[1], cols[2], cols[3]);
        let (question, check_name, root, file_suffix) =
            match file.strip_prefix("unit/access-to-resources/") {
                Some(rest) => {
                    let dir = rest.split('/').next().unwrap();
                    (
                        unit_question(dir),
                        dir.to_string(),
                        suite.join("unit/access-to-resources").join(dir),
                        format!("{dir}/manifests.yaml"),
                    )
                }
                None => (
                    question(check),
                    check.to_string(),
                    suite.join(file),
                    file.to_string(),
                ),
            };
        let complete = matches!(question, Question::MissingRole);
        // access-to-resources (all access-to-* checks and its unit tests) judges bindings only.
        let bindings_only = check.starts_with("access-to");
        let outcome = lint_root(&root, complete);
        let targets: Vec<(String, String, usize)> = if object_text == "every object" {
            outcome
                .workspace
                .objects
                .iter()
                .map(|o| (o.id.kind.clone(), o.id.name.clone(), 0))
                .collect()
        } else {
            object_text.split("; ").map(parse_object).collect()
        };
        for (kind, name, nth) in targets {
            let found = objects(&outcome, &file_suffix, &kind, &name);
            let index = *found
                .get(nth)
                .unwrap_or_else(|| panic!("{file}: {kind} {name} not found"));
            let out_of_scope = bindings_only && outcome.workspace.objects[index].is_role();
            rows.push(Row {
                suite: "kube-linter",
                check: check_name.clone(),
                case: file.to_string(),
                object: format!(
                    "{kind}/{name}{}",
                    if nth > 0 { " (2nd document)" } else { "" }
                ),
                peer: expected == "report",
                rbaclint: if out_of_scope {
                    None
                } else {
                    answer(&outcome, index, &question)
                },
                not_comparable: if out_of_scope {
                    Some("not comparable: the peer judges bindings only")
                } else if matches!(question, Question::NotComparable) {
                    Some("not comparable: the peer tests its template's parameters")
                } else {
                    None
                },
                findings: findings_on(&outcome, &outcome.workspace.objects[index]),
            });
        }
    }
    rows
}

fn explanation(row: &Row) -> Option<&'static str> {
    EXPLANATIONS
        .iter()
        .find(|(check, case, object, _)| {
            *check == row.check
                && row.case.ends_with(case)
                && row.object.ends_with(&format!("/{object}"))
        })
        .map(|e| e.3)
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "# rbaclint and its peers' RBAC test suites\n\n\
         Generated by `tests/it/peers.rs` (`UPDATE_PEERS=1 cargo test --test it peers`) from\n\
         `../shared/peer-suites/{checkov,kube-linter}/expected.tsv`. Each case directory (or e2e\n\
         file) is linted as its own root. For every verdict the peer's own tests expect, the peer's\n\
         question is asked of rbaclint's evaluator with Kubernetes' semantics (apiGroups, `bind` on\n\
         roles, `get` on nodes/proxy, resourceNames, aggregation, RoleBinding→Role in its namespace);\n\
         the peer's scope is kept (checkov's graph checks judge only bindings with a ServiceAccount\n\
         subject). *rbaclint findings* lists the rules rbaclint itself reports on the object.\n\n",
    );
    let agree = rows.iter().filter(|r| r.rbaclint == Some(r.peer)).count();
    let differ = rows
        .iter()
        .filter(|r| r.rbaclint.is_some_and(|a| a != r.peer))
        .count();
    let na = rows.iter().filter(|r| r.rbaclint.is_none()).count();
    let _ = writeln!(
        out,
        "**{} verdicts: rbaclint agrees on {agree}, differs on {differ} (each explained: the peer's expectation is wrong by Kubernetes semantics), {na} not comparable.**\n",
        rows.len()
    );
    out.push_str("| suite | check | case | object | peer expects | rbaclint | rbaclint findings | verdict |\n|---|---|---|---|---|---|---|---|\n");
    let word = |flag: bool| if flag { "flag" } else { "pass" };
    for row in rows {
        let verdict = match row.rbaclint {
            None => row.not_comparable.unwrap_or("not comparable").to_string(),
            Some(a) if a == row.peer => "agree".to_string(),
            Some(_) => explanation(row).unwrap_or("UNEXPLAINED").to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | {} | {} | {} | {} |",
            row.suite,
            row.check,
            row.case,
            row.object,
            word(row.peer),
            row.rbaclint.map_or("—", word),
            if row.findings.is_empty() {
                "—".to_string()
            } else {
                row.findings.join(", ")
            },
            verdict
        );
    }
    out
}

#[test]
fn peer_suites_case_by_case() {
    let (Some(checkov), Some(kube_linter)) = (
        common::shared("peer-suites/checkov"),
        common::shared("peer-suites/kube-linter"),
    ) else {
        return;
    };
    let mut rows = checkov_rows(&checkov);
    rows.extend(kube_linter_rows(&kube_linter));
    assert!(rows.len() >= 70, "{} rows", rows.len());
    let table = render(&rows);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("PEERS.md");
    if std::env::var_os("UPDATE_PEERS").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    for row in &rows {
        if row.rbaclint.is_some_and(|a| a != row.peer) {
            assert!(
                explanation(row).is_some(),
                "unexplained disagreement: {} {} {} (peer {}, rbaclint {:?})",
                row.check,
                row.case,
                row.object,
                row.peer,
                row.rbaclint
            );
        }
    }
    for (check, case, object, _) in EXPLANATIONS {
        assert!(
            rows.iter().any(|r| r.check == *check
                && r.case.ends_with(case)
                && r.object.ends_with(&format!("/{object}"))
                && r.rbaclint.is_some_and(|a| a != r.peer)),
            "stale explanation: {check} {case} {object}"
        );
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == table,
        "PEERS.md is stale: run `UPDATE_PEERS=1 cargo test --test it peers`"
    );
}
