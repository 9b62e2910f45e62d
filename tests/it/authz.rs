//! The evaluator's table tests: facts transcribed from the Kubernetes
//! authorizer's own tests (plugin/pkg/auth/authorizer/rbac/rbac_test.go:
//! TestRuleMatches and TestAuthorizer) and from the semantics notes
//! (evaluation_helpers.go, rule.go, the aggregation controller), each row
//! asserting allow or deny.

use k8s_openapi::api::rbac::v1::PolicyRule;
use rbaclint::authz::{rule_allows, Identity, Policy, Request};
use rbaclint::catalogue::Catalogue;

use crate::common::shared;
use rbaclint::bootstrap;
use rbaclint::load::load_file;
use rbaclint::model::{Rbac, RbacObject};
use rbaclint::source::SourceFile;

fn list(s: &str) -> Option<Vec<String>> {
    // Like upstream's strings.Split(s, ","): "" is one empty element (the core group).
    Some(s.split(',').map(str::to_string).collect())
}

/// A rule from comma-separated verbs, groups and resources.
fn rule(verbs: &str, groups: &str, resources: &str) -> PolicyRule {
    PolicyRule {
        verbs: list(verbs).unwrap(),
        api_groups: list(groups),
        resources: list(resources),
        ..PolicyRule::default()
    }
}

fn url_rule(verbs: &str, urls: &str) -> PolicyRule {
    PolicyRule {
        verbs: list(verbs).unwrap(),
        non_resource_urls: list(urls),
        ..PolicyRule::default()
    }
}

fn named(mut r: PolicyRule, names: &str) -> PolicyRule {
    r.resource_names = list(names);
    r
}

fn res(verb: &str, group: &str, resource: &str) -> Request {
    Request::resource(verb, group, resource)
}

fn url(verb: &str, path: &str) -> Request {
    Request::non_resource(verb, path)
}

fn check_rule_table(name: &str, rule: &PolicyRule, cases: &[(Request, bool)]) -> usize {
    for (request, expected) in cases {
        assert_eq!(
            rule_allows(rule, request),
            *expected,
            "{name}: {request} should be {}",
            if *expected { "allowed" } else { "denied" }
        );
    }
    cases.len()
}

/// TestRuleMatches, row by row.
#[test]
fn upstream_rule_matches_table() {
    let mut n = 0;
    let r = rule("*", "group1", "resource1");
    n += check_rule_table(
        "star verb, exact match other",
        &r,
        &[
            (res("verb1", "group1", "resource1"), true),
            (res("verb1", "group2", "resource1"), false),
            (res("verb1", "group1", "resource2"), false),
            (res("verb1", "group2", "resource2"), false),
            (res("verb2", "group1", "resource1"), true),
            (res("verb2", "group2", "resource1"), false),
            (res("verb2", "group1", "resource2"), false),
            (res("verb2", "group2", "resource2"), false),
        ],
    );
    let r = rule("verb1", "*", "resource1");
    n += check_rule_table(
        "star group, exact match other",
        &r,
        &[
            (res("verb1", "group1", "resource1"), true),
            (res("verb1", "group2", "resource1"), true),
            (res("verb1", "group1", "resource2"), false),
            (res("verb1", "group2", "resource2"), false),
            (res("verb2", "group1", "resource1"), false),
            (res("verb2", "group2", "resource1"), false),
            (res("verb2", "group1", "resource2"), false),
            (res("verb2", "group2", "resource2"), false),
        ],
    );
    let r = rule("verb1", "group1", "*");
    n += check_rule_table(
        "star resource, exact match other",
        &r,
        &[
            (res("verb1", "group1", "resource1"), true),
            (res("verb1", "group2", "resource1"), false),
            (res("verb1", "group1", "resource2"), true),
            (res("verb1", "group2", "resource2"), false),
            (res("verb2", "group1", "resource1"), false),
            (res("verb2", "group2", "resource1"), false),
            (res("verb2", "group1", "resource2"), false),
            (res("verb2", "group2", "resource2"), false),
        ],
    );
    let r = rule("verb1,verb2", "group1,group2", "resource1,resource2");
    n += check_rule_table(
        "tuple expansion",
        &r,
        &[
            (res("verb1", "group1", "resource1"), true),
            (res("verb1", "group2", "resource1"), true),
            (res("verb1", "group1", "resource2"), true),
            (res("verb1", "group2", "resource2"), true),
            (res("verb2", "group1", "resource1"), true),
            (res("verb2", "group2", "resource1"), true),
            (res("verb2", "group1", "resource2"), true),
            (res("verb2", "group2", "resource2"), true),
        ],
    );
    let r = rule("*", "*", "resource1/subresource1");
    n += check_rule_table(
        "subresource expansion",
        &r,
        &[
            (res("verb1", "group1", "resource1/subresource1"), true),
            (res("verb1", "group2", "resource1/subresource2"), false),
            (res("verb1", "group1", "resource2/subresource1"), false),
            (res("verb1", "group2", "resource2/subresource1"), false),
            (res("verb2", "group1", "resource1/subresource1"), true),
            (res("verb2", "group2", "resource1/subresource2"), false),
            (res("verb2", "group1", "resource2/subresource1"), false),
            (res("verb2", "group2", "resource2/subresource1"), false),
        ],
    );
    let r = url_rule("verb1", "*");
    n += check_rule_table(
        "star nonresource, exact match other",
        &r,
        &[
            (url("verb1", "/foo"), true),
            (url("verb1", "/foo/bar"), true),
            (url("verb1", "/foo/baz"), true),
            (url("verb1", "/foo/bar/one"), true),
            (url("verb1", "/foo/baz/one"), true),
            (url("verb2", "/foo"), false),
            (url("verb2", "/foo/bar"), false),
            (url("verb2", "/foo/baz"), false),
            (url("verb2", "/foo/bar/one"), false),
            (url("verb2", "/foo/baz/one"), false),
        ],
    );
    let r = url_rule("verb1", "/foo/*");
    n += check_rule_table(
        "star nonresource subpath",
        &r,
        &[
            (url("verb1", "/foo"), false),
            (url("verb1", "/foo/bar"), true),
            (url("verb1", "/foo/baz"), true),
            (url("verb1", "/foo/bar/one"), true),
            (url("verb1", "/foo/baz/one"), true),
            (url("verb1", "/notfoo"), false),
            (url("verb1", "/notfoo/bar"), false),
            (url("verb1", "/notfoo/baz"), false),
            (url("verb1", "/notfoo/bar/one"), false),
            (url("verb1", "/notfoo/baz/one"), false),
        ],
    );
    let r = url_rule("*", "/foo,/foo/bar/one");
    n += check_rule_table(
        "star verb, exact nonresource",
        &r,
        &[
            (url("verb1", "/foo"), true),
            (url("verb1", "/foo/bar"), false),
            (url("verb1", "/foo/baz"), false),
            (url("verb1", "/foo/bar/one"), true),
            (url("verb1", "/foo/baz/one"), false),
            (url("verb2", "/foo"), true),
            (url("verb2", "/foo/bar"), false),
            (url("verb2", "/foo/baz"), false),
            (url("verb2", "/foo/bar/one"), true),
            (url("verb2", "/foo/baz/one"), false),
        ],
    );
    assert_eq!(n, 70);
}

/// Facts from the semantics notes (evaluation_helpers.go), one row each.
#[test]
fn semantics_notes_rule_table() {
    let mut n = 0;
    n += check_rule_table(
        "verbs are exact and case-sensitive; get* is no wildcard",
        &rule("get*,list", "", "pods"),
        &[
            (res("get", "", "pods"), false),
            (res("getx", "", "pods"), false),
            (res("get*", "", "pods"), true),
            (res("list", "", "pods"), true),
            (res("LIST", "", "pods"), false),
        ],
    );
    n += check_rule_table(
        "`pods` does not cover its subresources",
        &rule("get", "", "pods"),
        &[
            (res("get", "", "pods"), true),
            (res("get", "", "pods/log"), false),
            (res("get", "", "pods/status"), false),
            (res("get", "", "pods/exec"), false),
            (res("get", "apps", "pods"), false),
        ],
    );
    n += check_rule_table(
        "`*` covers every resource and every subresource",
        &rule("get", "", "*"),
        &[
            (res("get", "", "pods/log"), true),
            (res("get", "", "secrets"), true),
            (res("get", "", "nodes/proxy"), true),
            (res("get", "apps", "deployments"), false),
        ],
    );
    n += check_rule_table(
        "`*/scale` matches that subresource of any resource, never the resource",
        &rule("update", "apps", "*/scale"),
        &[
            (res("update", "apps", "deployments/scale"), true),
            (res("update", "apps", "statefulsets/scale"), true),
            (res("update", "apps", "deployments"), false),
            (res("update", "apps", "deployments/status"), false),
            (res("update", "apps", "deployments/scalex"), false),
        ],
    );
    n += check_rule_table(
        "there is no `pods/*` form: it is a literal subresource `*`",
        &rule("get", "", "pods/*"),
        &[
            (res("get", "", "pods/log"), false),
            (res("get", "", "pods/exec"), false),
            (res("get", "", "pods/*"), true),
        ],
    );
    n += check_rule_table(
        "an empty apiGroups list matches nothing",
        &PolicyRule {
            verbs: vec!["get".into()],
            api_groups: Some(vec![]),
            resources: list("pods"),
            ..PolicyRule::default()
        },
        &[
            (res("get", "", "pods"), false),
            (res("get", "apps", "pods"), false),
        ],
    );
    n += check_rule_table(
        "`\"\"` is the core group only",
        &rule("get", "", "secrets"),
        &[
            (res("get", "", "secrets"), true),
            (res("get", "apps", "secrets"), false),
        ],
    );
    let r = named(
        rule(
            "get,list,watch,create,update,delete,deletecollection",
            "",
            "configmaps",
        ),
        "cm1",
    );
    n += check_rule_table(
        "resourceNames: only requests naming one of them match",
        &r,
        &[
            (res("get", "", "configmaps").named("cm1"), true),
            (res("get", "", "configmaps").named("cm2"), false),
            (res("update", "", "configmaps").named("cm1"), true),
            (res("delete", "", "configmaps").named("cm2"), false),
            // create on a collection and deletecollection carry no name
            (res("create", "", "configmaps"), false),
            (res("deletecollection", "", "configmaps"), false),
            // list/watch without a metadata.name field selector carry no name
            (res("list", "", "configmaps"), false),
            (res("watch", "", "configmaps"), false),
            // ... and with one they carry it
            (res("list", "", "configmaps").named("cm1"), true),
        ],
    );
    n += check_rule_table(
        "a literal `*` resourceName is just a name",
        &named(rule("get", "", "secrets"), "*"),
        &[
            (res("get", "", "secrets").named("db"), false),
            (res("get", "", "secrets").named("*"), true),
        ],
    );
    n += check_rule_table(
        "nonResourceURLs: trailing `*` is a plain string prefix",
        &url_rule("get", "/healthz*,/metrics"),
        &[
            (url("get", "/healthz"), true),
            (url("get", "/healthzfoo"), true),
            (url("get", "/healthz/etcd"), true),
            (url("get", "/metrics"), true),
            (url("get", "/metrics/cadvisor"), false),
            (url("post", "/metrics"), false),
        ],
    );
    n += check_rule_table(
        "a resource rule never matches a non-resource URL and back",
        &rule("get", "*", "*"),
        &[(url("get", "/healthz"), false)],
    );
    n += check_rule_table(
        "a non-resource rule never matches a resource request",
        &url_rule("*", "*"),
        &[(res("get", "", "pods"), false)],
    );
    assert_eq!(n, 45);
}

fn load(text: &str) -> Vec<RbacObject> {
    let contents = load_file(0, &SourceFile::new("t.yaml", text));
    assert!(contents.errors.is_empty(), "{:?}", contents.errors);
    assert!(contents.invalid.is_empty(), "{:?}", contents.invalid);
    contents.objects
}

/// (identity, request, namespace, expected)
type Case<'a> = (Identity, Request, Option<&'a str>, bool);

fn check_policy_table(name: &str, objects: &[RbacObject], cases: &[Case]) -> usize {
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(objects, &catalogue);
    for (identity, request, namespace, expected) in cases {
        assert_eq!(
            policy.allows(identity, request, *namespace),
            *expected,
            "{name}: {identity} {request} in {namespace:?}"
        );
    }
    cases.len()
}

fn user(name: &str, groups: &[&str]) -> Identity {
    Identity::user(name, groups)
}

/// TestAuthorizer's cases.
#[test]
fn upstream_authorizer_table() {
    let mut n = 0;
    let objects = load(
        r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: admin}
rules: [{verbs: ["*"], apiGroups: ["*"], resources: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: ns1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects:
- {kind: User, name: admin}
- {kind: Group, name: admins}
"#,
    );
    n += check_policy_table(
        "RoleBinding to a ClusterRole grants only in its namespace",
        &objects,
        &[
            (
                user("admin", &[]),
                res("get", "", "Pods"),
                Some("ns1"),
                true,
            ),
            (
                user("admin", &[]),
                res("watch", "", "Pods"),
                Some("ns1"),
                true,
            ),
            (
                user("admin", &["group1"]),
                res("watch", "", "Foobar"),
                Some("ns1"),
                true,
            ),
            (
                user("joe", &["admins"]),
                res("watch", "", "Foobar"),
                Some("ns1"),
                true,
            ),
            (
                user("joe", &["group1", "admins"]),
                res("watch", "", "Foobar"),
                Some("ns1"),
                true,
            ),
            (
                user("admin", &[]),
                res("GET", "", "Pods"),
                Some("ns2"),
                false,
            ),
            (user("admin", &[]), res("GET", "", "Nodes"), None, false),
            (
                user("admin", &["admins"]),
                res("GET", "", "Pods"),
                Some("ns2"),
                false,
            ),
            (
                user("admin", &["admins"]),
                res("GET", "", "Nodes"),
                None,
                false,
            ),
            (user("joe", &[]), res("get", "", "Pods"), Some("ns1"), false),
        ],
    );
    let objects = load(
        r#"
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: non-resource-url-getter}
rules: [{verbs: [get], nonResourceURLs: ["/apis"]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: non-resource-url}
rules: [{verbs: ["*"], nonResourceURLs: ["/apis"]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: non-resource-url-prefix}
rules: [{verbs: [get], nonResourceURLs: ["/apis/*"]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: non-resource-url-getter}
subjects: [{kind: User, name: foo}, {kind: Group, name: bar}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: non-resource-url}
subjects: [{kind: User, name: admin}, {kind: Group, name: admin}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: c}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: non-resource-url-prefix}
subjects: [{kind: User, name: prefixed}, {kind: Group, name: prefixed}]
"#,
    );
    let g = |name: &str| Identity::group(name);
    n += check_policy_table(
        "non-resource URLs through ClusterRoleBindings",
        &objects,
        &[
            (user("foo", &[]), url("get", "/apis"), None, true),
            (g("bar"), url("get", "/apis"), None, true),
            (user("admin", &[]), url("get", "/apis"), None, true),
            (g("admin"), url("get", "/apis"), None, true),
            (user("admin", &[]), url("watch", "/apis"), None, true),
            (g("admin"), url("watch", "/apis"), None, true),
            (user("prefixed", &[]), url("get", "/apis/v1"), None, true),
            (g("prefixed"), url("get", "/apis/v1"), None, true),
            (
                user("prefixed", &[]),
                url("get", "/apis/v1/foobar"),
                None,
                true,
            ),
            (g("prefixed"), url("get", "/apis/v1/foorbar"), None, true),
            (user("foo", &[]), url("watch", "/apis"), None, false),
            (g("bar"), url("watch", "/apis"), None, false),
            (user("foo", &[]), url("get", "/api/v1"), None, false),
            (g("bar"), url("get", "/api/v1"), None, false),
            (user("admin", &[]), url("get", "/api/v1"), None, false),
            (g("admin"), url("get", "/api/v1"), None, false),
            (user("prefixed", &[]), url("get", "/api/v1"), None, false),
            (g("prefixed"), url("get", "/api/v1"), None, false),
        ],
    );
    for (resources, pass, fail) in [
        ("pods", "pods", "pods/status"),
        ("pods/status", "pods/status", "pods"),
    ] {
        let objects = load(&format!(
            r#"
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: admin}}
rules: [{{verbs: ["*"], apiGroups: ["*"], resources: ["{resources}"]}}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {{name: b, namespace: ns1}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}}
subjects: [{{kind: User, name: admin}}, {{kind: Group, name: admins}}]
"#
        ));
        n += check_policy_table(
            "subresource resolution",
            &objects,
            &[
                (user("admin", &[]), res("get", "", pass), Some("ns1"), true),
                (user("admin", &[]), res("get", "", fail), Some("ns1"), false),
            ],
        );
    }
    assert_eq!(n, 32);
}

const BINDINGS: &str = r#"
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: reader, namespace: team-a}
rules: [{verbs: [get, list], apiGroups: [""], resources: [configmaps]}]
---
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: reader, namespace: team-b}
rules: [{verbs: [get], apiGroups: [""], resources: [secrets]}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: read, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: ServiceAccount, name: bot}
- {kind: ServiceAccount, name: builder, namespace: ci}
- {kind: Group, name: "system:serviceaccounts:monitoring"}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: node-reader}
rules: [{verbs: [get, list, watch], apiGroups: [""], resources: [nodes]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
subjects:
- {kind: ServiceAccount, name: lost}
- {kind: Group, name: "system:serviceaccounts"}
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: discovery}
rules: [{verbs: [get], nonResourceURLs: ["/version"]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: discovery}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: discovery}
subjects: [{kind: Group, name: "system:authenticated"}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: wrong-kind, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: User, name: carol}]
"#;

/// rule.go: RoleBinding→Role in its namespace, ServiceAccount subjects,
/// their namespace defaulting, and the groups every identity is in.
#[test]
fn bindings_and_subjects_table() {
    let objects = load(BINDINGS);
    let sa = Identity::service_account;
    let cm = || res("get", "", "configmaps");
    let n = check_policy_table(
        "bindings",
        &objects,
        &[
            // a ServiceAccount subject without namespace takes its RoleBinding's
            (sa("team-a", "bot"), cm(), Some("team-a"), true),
            (sa("team-b", "bot"), cm(), Some("team-a"), false),
            (sa("team-a", "bot"), cm(), Some("team-b"), false),
            (sa("ci", "builder"), cm(), Some("team-a"), true),
            (sa("team-a", "builder"), cm(), Some("team-a"), false),
            // roleRef kind Role resolves in the binding's namespace (team-a's reader)
            (
                sa("team-a", "bot"),
                res("get", "", "secrets"),
                Some("team-a"),
                false,
            ),
            (
                sa("ci", "builder"),
                res("list", "", "configmaps"),
                Some("team-a"),
                true,
            ),
            // system:serviceaccounts:<ns> holds every ServiceAccount of <ns>
            (sa("monitoring", "prometheus"), cm(), Some("team-a"), true),
            (sa("logging", "fluentd"), cm(), Some("team-a"), false),
            // system:serviceaccounts holds every ServiceAccount
            (sa("anything", "x"), res("list", "", "nodes"), None, true),
            (user("alice", &[]), res("list", "", "nodes"), None, false),
            // a ServiceAccount subject without namespace in a ClusterRoleBinding never matches
            (sa("default", "lost"), res("list", "", "nodes"), None, true), // via the group only
            // system:authenticated: users and ServiceAccounts, never anonymous
            (user("alice", &[]), url("get", "/version"), None, true),
            (sa("x", "y"), url("get", "/version"), None, true),
            (
                user("system:anonymous", &[]),
                url("get", "/version"),
                None,
                false,
            ),
            // ServiceAccount subjects compare user names: the token's user name is enough
            (
                user("system:serviceaccount:team-a:bot", &[]),
                cm(),
                Some("team-a"),
                true,
            ),
            // roleRef kind ClusterRole never resolves to a Role of the same name
            (user("carol", &[]), cm(), Some("team-a"), false),
        ],
    );
    assert_eq!(n, 17);
    // The lost subject alone: remove the group subject and it matches nothing.
    let lone = load(&BINDINGS.replace("- {kind: Group, name: \"system:serviceaccounts\"}", ""));
    check_policy_table(
        "SA without namespace in a ClusterRoleBinding",
        &lone,
        &[
            (sa("default", "lost"), res("list", "", "nodes"), None, false),
            (sa("", "lost"), res("list", "", "nodes"), None, false),
        ],
    );
}

const AGGREGATION: &str = r#"
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: top}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {tier: top}}]
rules: [{verbs: [delete], apiGroups: [""], resources: [namespaces]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: middle, labels: {tier: top}}
aggregationRule:
  clusterRoleSelectors:
  - matchExpressions: [{key: tier, operator: In, values: [middle, other]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: leaf, labels: {tier: middle}}
rules: [{verbs: [create], apiGroups: [""], resources: [pods/exec]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: excluded, labels: {tier: middle, exclude: "yes"}}
rules: [{verbs: [get], apiGroups: [""], resources: [secrets]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: picky}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {tier: middle}
    matchExpressions: [{key: exclude, operator: DoesNotExist}]
rules: []
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: everything}
aggregationRule:
  clusterRoleSelectors: [{}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: cycle-a, labels: {cycle: "b"}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {cycle: "a"}}]
rules: [{verbs: [get], apiGroups: [""], resources: [stale]}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: cycle-b, labels: {cycle: "a"}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {cycle: "b"}}, {matchLabels: {tier: middle}, matchExpressions: [{key: exclude, operator: NotIn, values: ["yes"]}]}]
"#;

fn bound_to(role: &str) -> String {
    format!(
        "{AGGREGATION}---\nkind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {{name: b}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {role}}}\nsubjects: [{{kind: User, name: u}}]\n"
    )
}

/// The aggregation controller: selectors, chains to a fixed point, own rules replaced.
#[test]
fn aggregation_table() {
    let u = || user("u", &[]);
    let exec = || res("create", "", "pods/exec");
    let secret = || res("get", "", "secrets");
    let cases: &[(&str, Request, bool)] = &[
        // top ← middle ← leaf: a two-level chain reaches the leaf's rule
        ("top", exec(), true),
        ("middle", exec(), true),
        // matchExpressions In also picks `excluded`
        ("middle", secret(), true),
        ("top", secret(), true),
        // own rules are replaced, not kept
        ("top", res("delete", "", "namespaces"), false),
        // matchLabels AND matchExpressions (DoesNotExist)
        ("picky", exec(), true),
        ("picky", secret(), false),
        // `{}` matches every ClusterRole
        ("everything", exec(), true),
        ("everything", secret(), true),
        // and every built-in one too: cluster-admin's rules make it all-powerful
        ("everything", res("delete", "", "namespaces"), true),
        // a cycle keeps no stale own rule; selectors are ORed (NotIn)
        ("cycle-a", res("get", "", "stale"), false),
        ("cycle-a", exec(), true),
        ("cycle-a", secret(), false),
        ("cycle-b", exec(), true),
        // the leaf itself is unchanged
        ("leaf", exec(), true),
        ("leaf", secret(), false),
    ];
    for (role, request, expected) in cases {
        let objects = load(&bound_to(role));
        check_policy_table(
            &format!("aggregated {role}"),
            &objects,
            &[(u(), request.clone(), None, *expected)],
        );
    }
}

/// The granting rule of an aggregated role is the contributor's own rule.
#[test]
fn aggregated_grants_point_at_the_contributing_role() {
    let objects = load(&bound_to("top"));
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(&objects, &catalogue);
    let grants = policy.grants(&user("u", &[]), &res("create", "", "pods/exec"), None);
    assert_eq!(grants.len(), 1);
    assert_eq!(objects[grants[0].rule.object].id.name, "leaf");
    assert_eq!(objects[grants[0].role].id.name, "top");
}

/// On the real bootstrap policy (when present): admin ⊇ edit ⊇ view after
/// aggregation (edit and view are themselves labelled into admin and edit),
/// their own `rules: null` replaced, and every rule traced to a
/// `system:aggregate-to-*` ClusterRole.
#[test]
fn bootstrap_aggregation_chain() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../shared/corpus/real/kubernetes__kubernetes/plugin__pkg__auth__authorizer__rbac__bootstrappolicy__testdata__cluster-roles.yaml",
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent", path.display());
        return;
    };
    let objects = load(&text);
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(&objects, &catalogue);
    let role = |name: &str| objects.iter().position(|o| o.id.name == name).unwrap();
    let rules = |name: &str| -> Vec<&PolicyRule> {
        policy
            .effective_rules(role(name))
            .iter()
            .map(|o| policy.rule(*o))
            .collect()
    };
    let (admin, edit, view) = (rules("admin"), rules("edit"), rules("view"));
    assert!(!view.is_empty());
    assert!(view.iter().all(|r| edit.contains(r)));
    assert!(edit.iter().all(|r| admin.contains(r)));
    assert!(admin.len() > edit.len() && edit.len() > view.len());
    for name in ["admin", "edit", "view"] {
        for origin in policy.effective_rules(role(name)) {
            assert!(objects[origin.object]
                .id
                .name
                .starts_with("system:aggregate-to-"));
        }
    }
    // What the roles grant, decided by the evaluator.
    let u = user("u", &[]);
    let bound = |name: &str| {
        let mut text = text.clone();
        text.push_str(&format!("\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {{name: b, namespace: ns}}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {name}}}\nsubjects: [{{kind: User, name: u}}]\n"));
        load(&text)
    };
    for (name, request, expected) in [
        ("view", res("get", "", "pods"), true),
        ("view", res("get", "", "secrets"), false),
        ("view", res("create", "", "pods/exec"), false),
        ("edit", res("create", "", "pods/exec"), true),
        ("edit", res("get", "", "secrets"), true),
        (
            "edit",
            res("create", "rbac.authorization.k8s.io", "rolebindings"),
            false,
        ),
        (
            "admin",
            res("create", "rbac.authorization.k8s.io", "rolebindings"),
            true,
        ),
        ("admin", res("impersonate", "", "serviceaccounts"), true),
    ] {
        let objects = bound(name);
        check_policy_table(
            name,
            &objects,
            &[(u.clone(), request.clone(), Some("ns"), expected)],
        );
        check_policy_table(
            name,
            &objects,
            &[(u.clone(), request, Some("other"), false)],
        );
    }
}

/// Resource scope (semantics notes, "Resource scope"): a RoleBinding, to a
/// Role or a ClusterRole, authorizes only requests that carry its namespace —
/// never cluster-scoped resources or non-resource URLs — except
/// get/update/patch/delete on its own Namespace object, `bind` on
/// clusterroles and `use` on podsecuritypolicies. ClusterRoleBindings grant
/// the same rules everywhere.
const SCOPE: &str = r#"
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: everything}
rules:
- {verbs: ["*"], apiGroups: ["*"], resources: ["*"]}
- {verbs: ["*"], nonResourceURLs: ["*"]}
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: ns-admin, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
subjects: [{kind: User, name: local}]
---
kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: confused, namespace: team-a}
rules:
- {verbs: [get, list, create], apiGroups: [""], resources: [nodes, persistentvolumes, pods]}
- {verbs: [create], apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions]}
- {verbs: [get, list, patch], apiGroups: [""], resources: [namespaces]}
- {verbs: [impersonate], apiGroups: [""], resources: [users, serviceaccounts]}
- {verbs: [bind], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [view]}
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: confused, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: confused}
subjects: [{kind: User, name: role-user}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: global}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
subjects: [{kind: User, name: global}]
"#;

#[test]
fn resource_scope_table() {
    let objects = load(SCOPE);
    let crds = || {
        res(
            "create",
            "apiextensions.k8s.io",
            "customresourcedefinitions",
        )
    };
    let ns = |verb: &str| res(verb, "", "namespaces");
    let mut n = 0;
    for who in ["local", "role-user"] {
        let u = user(who, &[]);
        n += check_policy_table(
            &format!("{who}: through a RoleBinding"),
            &objects,
            &[
                // namespaced resources, in the binding's namespace only
                (u.clone(), res("get", "", "pods"), Some("team-a"), true),
                (u.clone(), res("get", "", "pods"), Some("team-b"), false),
                (u.clone(), res("list", "", "pods"), None, false),
                // cluster-scoped resources carry no namespace: never
                (u.clone(), res("get", "", "nodes"), None, false),
                (u.clone(), res("get", "", "nodes"), Some("team-a"), false),
                (
                    u.clone(),
                    res("create", "", "persistentvolumes"),
                    Some("team-a"),
                    false,
                ),
                (u.clone(), crds(), Some("team-a"), false),
                (u.clone(), crds(), None, false),
                (
                    u.clone(),
                    res("impersonate", "", "users"),
                    Some("team-a"),
                    false,
                ),
                // the binding's own Namespace object, and no other
                (u.clone(), ns("patch").named("team-a"), Some("team-a"), true),
                (u.clone(), ns("get"), Some("team-a"), true),
                (
                    u.clone(),
                    ns("patch").named("team-b"),
                    Some("team-a"),
                    false,
                ),
                (u.clone(), ns("list"), Some("team-a"), false),
                (u.clone(), ns("list"), None, false),
                // checks made in a namespace though the resource is cluster-scoped
                (
                    u.clone(),
                    res("impersonate", "", "serviceaccounts"),
                    Some("team-a"),
                    true,
                ),
                (
                    u.clone(),
                    res("bind", "rbac.authorization.k8s.io", "clusterroles").named("view"),
                    Some("team-a"),
                    true,
                ),
            ],
        );
    }
    n += check_policy_table(
        "non-resource URLs through a RoleBinding",
        &objects,
        &[
            (user("local", &[]), url("get", "/metrics"), None, false),
            (
                user("local", &[]),
                url("get", "/metrics"),
                Some("team-a"),
                false,
            ),
            (user("global", &[]), url("get", "/metrics"), None, true),
        ],
    );
    n += check_policy_table(
        "through a ClusterRoleBinding",
        &objects,
        &[
            (user("global", &[]), res("get", "", "nodes"), None, true),
            (user("global", &[]), crds(), None, true),
            (user("global", &[]), res("list", "", "pods"), None, true),
            (user("global", &[]), ns("list"), None, true),
            (
                user("global", &[]),
                res("get", "", "pods"),
                Some("team-b"),
                true,
            ),
        ],
    );
    assert_eq!(n, 40);
}

/// `who_can` and `access` decide scope as `grants` does.
#[test]
fn who_can_and_access_follow_resource_scope() {
    let objects = load(SCOPE);
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(&objects, &catalogue);
    let subjects = |request: &Request, namespace: Option<&str>| -> Vec<String> {
        let mut names: Vec<String> = policy
            .who_can(request, namespace)
            .iter()
            .map(|g| {
                let (_, subjects) = objects[g.binding].binding().unwrap();
                subjects[g.subject].name.clone()
            })
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let crds = res(
        "create",
        "apiextensions.k8s.io",
        "customresourcedefinitions",
    );
    assert_eq!(subjects(&crds, None), ["global"]);
    assert_eq!(subjects(&crds, Some("team-a")), ["global"]);
    assert_eq!(subjects(&url("get", "/healthz"), None), ["global"]);
    assert_eq!(
        subjects(&res("get", "", "pods"), None),
        ["global", "local", "role-user"]
    );
    assert_eq!(
        subjects(&res("get", "", "pods"), Some("team-b")),
        ["global"]
    );
    let patch_ns = res("patch", "", "namespaces");
    assert_eq!(
        subjects(&patch_ns.clone().named("team-a"), None),
        ["global", "local", "role-user"]
    );
    assert_eq!(subjects(&patch_ns.named("team-b"), None), ["global"]);

    // access: the Role's rules that grant only cluster-scoped resources are
    // held without effect; partly namespaced rules name what they lack.
    let rule_of = |g: &rbaclint::authz::Grant| g.rule.rule;
    let u = user("role-user", &[]);
    let held: Vec<usize> = policy.access(&u).iter().map(rule_of).collect();
    assert_eq!(held, [0, 2, 3, 4]);
    let without: Vec<usize> = policy
        .access_without_effect(&u)
        .iter()
        .map(rule_of)
        .collect();
    assert_eq!(without, [1]);
    let grants = policy.access(&u);
    assert_eq!(
        policy.out_of_reach(&grants[0]),
        ["nodes", "persistentvolumes"]
    );
    assert_eq!(policy.out_of_reach(&grants[1]), Vec::<&str>::new());
    assert_eq!(policy.out_of_reach(&grants[2]), ["users"]);
    // the ClusterRole bound in a namespace: its URL rule takes no effect there
    let local = policy.access(&user("local", &[]));
    assert_eq!(local.len(), 1);
    assert_eq!(policy.access_without_effect(&user("local", &[])).len(), 1);
    assert_eq!(policy.access(&user("global", &[])).len(), 2);
}

/// Bindings to Kubernetes' default roles reach their rules though the input
/// does not define them; the input's own definition replaces a default one;
/// the user's ClusterRoles labelled aggregate-to-* add to admin/edit/view.
#[test]
fn built_in_roles_are_known() {
    let objects = load(
        r#"
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: root}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: root}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: dev, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: User, name: dev}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: viewer}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: widget-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules: [{verbs: [get], apiGroups: [example.com], resources: [widgets]}]
---
kind: RoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: auth-reader, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{kind: User, name: apiserver}]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: system:node-proxier}
rules: [{verbs: [get], apiGroups: [""], resources: [configmaps]}]
---
kind: ClusterRoleBinding
apiVersion: rbac.authorization.k8s.io/v1
metadata: {name: proxier}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:node-proxier}
subjects: [{kind: User, name: proxy}]
"#,
    );
    let n = check_policy_table(
        "built-in roles",
        &objects,
        &[
            (user("root", &[]), res("delete", "", "nodes"), None, true),
            (user("root", &[]), url("get", "/metrics"), None, true),
            (
                user("dev", &[]),
                res("create", "", "pods/exec"),
                Some("team-a"),
                true,
            ),
            (
                user("dev", &[]),
                res("get", "", "secrets"),
                Some("team-a"),
                true,
            ),
            (
                user("dev", &[]),
                res("create", "", "pods"),
                Some("team-b"),
                false,
            ),
            // edit aggregates view, view namespaces: only team-a's own object
            (
                user("dev", &[]),
                res("get", "", "namespaces"),
                Some("team-a"),
                true,
            ),
            (user("dev", &[]), res("list", "", "namespaces"), None, false),
            // view plus the user's aggregate-to-view ClusterRole
            (user("viewer", &[]), res("list", "", "pods"), None, true),
            (
                user("viewer", &[]),
                res("get", "example.com", "widgets"),
                None,
                true,
            ),
            (user("viewer", &[]), res("get", "", "secrets"), None, false),
            // a default Role of kube-system
            (
                user("apiserver", &[]),
                res("get", "", "configmaps").named("extension-apiserver-authentication"),
                Some("kube-system"),
                true,
            ),
            // the input's system:node-proxier replaces the default one
            (
                user("proxy", &[]),
                res("get", "", "configmaps"),
                Some("x"),
                true,
            ),
            (
                user("proxy", &[]),
                res("list", "", "endpoints"),
                None,
                false,
            ),
        ],
    );
    assert_eq!(n, 13);
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(&objects, &catalogue);
    let grants = policy.grants(&user("viewer", &[]), &res("list", "", "pods"), None);
    let origin = policy.object(grants[0].rule.object);
    assert!(origin.is_builtin());
    assert_eq!(
        origin.id.to_string(),
        "ClusterRole/system:aggregate-to-view"
    );
    assert_eq!(
        policy.object(grants[0].role).id.to_string(),
        "ClusterRole/view"
    );
    // One system:node-proxier: the input's.
    let binding = objects.iter().position(|o| o.id.name == "proxier").unwrap();
    let targets = policy.role_ref_targets(binding);
    assert_eq!(targets.len(), 1);
    assert!(!policy.object(targets[0]).is_builtin());
}

/// The transcription of the bootstrap policy (src/bootstrap/roles.rs) is
/// the published one: same roles, rules, aggregation labels and selectors.
#[test]
fn built_in_roles_match_the_published_bootstrap_policy() {
    let mut compared = 0;
    for file in ["cluster-roles.yaml", "namespace-roles.yaml"] {
        let path = format!(
            "corpus/real/kubernetes__kubernetes/plugin__pkg__auth__authorizer__rbac__bootstrappolicy__testdata__{file}"
        );
        let Some(path) = shared(&path) else {
            return;
        };
        let published = load(&std::fs::read_to_string(path).unwrap());
        let ours: Vec<&RbacObject> = bootstrap::objects()
            .iter()
            .filter(|o| (o.id.kind == "Role") == (file == "namespace-roles.yaml"))
            .collect();
        assert_eq!(
            ours.iter().map(|o| &o.id).collect::<Vec<_>>(),
            published.iter().map(|o| &o.id).collect::<Vec<_>>(),
            "{file}: roles"
        );
        for (ours, published) in ours.iter().zip(&published) {
            assert_eq!(ours.rules(), published.rules(), "{}: rules", ours.id);
            assert_eq!(
                ours.aggregation_rule(),
                published.aggregation_rule(),
                "{}: aggregationRule",
                ours.id
            );
            assert_eq!(labels(ours), labels(published), "{}: labels", ours.id);
            compared += 1;
        }
    }
    assert_eq!(compared, 31 + 7);
}

fn labels(object: &RbacObject) -> Option<&std::collections::BTreeMap<String, String>> {
    match &object.rbac {
        Rbac::Role(r) => r.metadata.labels.as_ref(),
        Rbac::ClusterRole(r) => r.metadata.labels.as_ref(),
        _ => None,
    }
}

/// A finding reached through a built-in role (here crd-admin-bound-to-runtime
/// through cluster-admin) names the role in its message and has no label in
/// it: built-in roles have no file. Built-in roles are not linted.
#[test]
fn findings_never_point_into_built_in_roles() {
    let outcome = crate::common::lint_text(
        "installer.yaml",
        r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: installer, namespace: tools}
spec:
  selector: {matchLabels: {app: installer}}
  template:
    metadata: {labels: {app: installer}}
    spec:
      serviceAccountName: installer
      containers: [{name: c, image: x}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: installer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: installer, namespace: tools}]
"#,
    );
    let found: Vec<(&str, usize, &str)> = outcome
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.secondary.len(), f.object.name.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("cluster-admin-binding", 0, "installer"),
            // Its one label is on the workload's serviceAccountName, not in
            // the built-in role.
            ("crd-admin-bound-to-runtime", 1, "installer"),
        ]
    );
    assert!(outcome.findings[1].message.ends_with(
        "is bound to ClusterRole cluster-admin that can create CustomResourceDefinitions"
    ));
    assert!(outcome
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.primary).chain(&f.secondary))
        .all(|label| label.file == 0));
    let label = &outcome.findings[1].secondary[0];
    let text = &outcome.workspace.files[0].text;
    assert_eq!(&text[label.span.start..label.span.end], "installer");
    assert!(text[..label.span.start].ends_with("serviceAccountName: "));
}

const AUDIT_SHAPES: &str = r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: bot, namespace: shop}
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log", "namespaces"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["configmaps"]
  resourceNames: ["settings"]
  verbs: ["get", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bot, namespace: shop}
subjects: [{kind: ServiceAccount, name: bot, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: bot}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: bot-cluster}
rules:
- apiGroups: [""]
  resources: ["nodes"]
  verbs: ["list"]
- nonResourceURLs: ["/healthz"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: bot-cluster}
subjects: [{kind: ServiceAccount, name: bot, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: bot-cluster}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonate-serviceaccounts}
rules:
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["impersonate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: alice}
subjects: [{kind: User, name: alice}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonate-serviceaccounts}
"#;

/// One `ResponseComplete` audit event line: `user` (impersonating `as_user`
/// when given) makes `verb` on `object` (an objectRef), or on `uri` without one.
fn audit_event(user: &str, as_user: Option<&str>, verb: &str, object: &str, uri: &str) -> String {
    let impersonated = as_user
        .map(|u| format!(r#","impersonatedUser":{{"username":"{u}"}}"#))
        .unwrap_or_default();
    let object = if object.is_empty() {
        String::new()
    } else {
        format!(r#","objectRef":{{{object}}}"#)
    };
    format!(
        r#"{{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"x","stage":"ResponseComplete","verb":"{verb}","requestURI":"{uri}","user":{{"username":"{user}"}}{impersonated}{object}}}"#
    )
}

/// Audit events of every shape, read as `rbaclint audit` reads them and
/// authorized by the evaluator: the request each authorizes, then the
/// `impersonate` checks its impersonation made (each row: the decisions
/// in that order).
#[test]
fn audit_event_shapes_table() {
    let objects = load(AUDIT_SHAPES);
    let bot = "system:serviceaccount:shop:bot";
    let rows: Vec<(&str, String, Vec<bool>)> = vec![
        (
            "namespaced collection",
            audit_event(
                bot,
                None,
                "list",
                r#""resource":"pods","namespace":"shop""#,
                "/api/v1/namespaces/shop/pods",
            ),
            vec![true],
        ),
        (
            "collection across all namespaces (no namespace: a RoleBinding does not reach it)",
            audit_event(bot, None, "list", r#""resource":"pods""#, "/api/v1/pods"),
            vec![false],
        ),
        (
            "named object of another namespace",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"pods","namespace":"prod","name":"web-0""#,
                "/api/v1/namespaces/prod/pods/web-0",
            ),
            vec![false],
        ),
        (
            "subresource of a named object",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"pods","subresource":"log","namespace":"shop","name":"web-0""#,
                "/api/v1/namespaces/shop/pods/web-0/log",
            ),
            vec![true],
        ),
        (
            "subresource the role does not list",
            audit_event(
                bot,
                None,
                "create",
                r#""resource":"pods","subresource":"exec","namespace":"shop","name":"web-0""#,
                "/api/v1/namespaces/shop/pods/web-0/exec",
            ),
            vec![false],
        ),
        (
            "named object within resourceNames",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"configmaps","namespace":"shop","name":"settings""#,
                "/api/v1/namespaces/shop/configmaps/settings",
            ),
            vec![true],
        ),
        (
            "named object outside resourceNames",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"configmaps","namespace":"shop","name":"other""#,
                "/api/v1/namespaces/shop/configmaps/other",
            ),
            vec![false],
        ),
        (
            "create carries no name: resourceNames cannot allow it",
            audit_event(
                bot,
                None,
                "create",
                r#""resource":"configmaps","namespace":"shop","name":"settings""#,
                "/api/v1/namespaces/shop/configmaps",
            ),
            vec![false],
        ),
        (
            "a RoleBinding's own Namespace object",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"namespaces","name":"shop""#,
                "/api/v1/namespaces/shop",
            ),
            vec![true],
        ),
        (
            "another Namespace object",
            audit_event(
                bot,
                None,
                "get",
                r#""resource":"namespaces","name":"prod""#,
                "/api/v1/namespaces/prod",
            ),
            vec![false],
        ),
        (
            "cluster-scoped resource through a ClusterRoleBinding",
            audit_event(bot, None, "list", r#""resource":"nodes""#, "/api/v1/nodes"),
            vec![true],
        ),
        (
            "non-resource URL, query dropped",
            audit_event(bot, None, "get", "", "/healthz?verbose=1"),
            vec![true],
        ),
        (
            "non-resource URL not listed",
            audit_event(bot, None, "get", "", "/metrics"),
            vec![false],
        ),
        (
            "impersonating a ServiceAccount: authorized as it, and the impersonation as alice",
            audit_event(
                "alice",
                Some(bot),
                "list",
                r#""resource":"pods","namespace":"shop""#,
                "/api/v1/namespaces/shop/pods",
            ),
            vec![true, true],
        ),
        (
            "impersonating a user alice may not impersonate",
            audit_event(
                "alice",
                Some("carol"),
                "list",
                r#""resource":"pods","namespace":"shop""#,
                "/api/v1/namespaces/shop/pods",
            ),
            vec![false, false],
        ),
    ];
    let catalogue = Catalogue::new(&[]);
    let policy = Policy::new(&objects, &catalogue);
    for (name, line, expected) in &rows {
        let mut events = Vec::new();
        rbaclint::audit_log::events::read_events(line.as_bytes(), &mut |e| events.push(e)).unwrap();
        let [event] = events.as_slice() else {
            panic!("{name}: {line} is one event");
        };
        let mut decisions =
            vec![policy.allows(&event.identity, &event.request, event.namespace.as_deref())];
        if let Some(impersonator) = &event.impersonator {
            decisions.extend(
                event
                    .impersonations()
                    .iter()
                    .map(|(request, ns)| policy.allows(impersonator, request, ns.as_deref())),
            );
        }
        assert_eq!(&decisions, expected, "{name}: {line}");
    }
    assert_eq!(rows.len(), 15);
}
