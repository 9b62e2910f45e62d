//! # crd-admin-mixed-with-runtime
//!
//! ## What it does
//! Flags a ClusterRole that writes CRDs and also grants runtime access. Some
//! rule of the role grants a write verb on `customresourcedefinitions` (named
//! explicitly, with `apiextensions.k8s.io` or `*` in its apiGroups, without
//! `resourceNames`) while any rule of the same role (that rule included) grants
//! anything on another resource. One finding per role, on the
//! `customresourcedefinitions` element of the strongest CRD write (`create`
//! registers CRDs; `update`/`patch` rewrite any CRD; `delete` removes them),
//! with a label on the first runtime resource. Subresources of
//! `customresourcedefinitions` count as CRD administration, not as runtime
//! access.
//!
//! Not flagged:
//! - a rule limited by `resourceNames`: it patches the project's own CRDs
//!   (CA-bundle injection into a conversion webhook, say) and registers
//!   nothing, since `create` and `deletecollection` carry no name and are
//!   never allowed with resourceNames (`resource-names-ineffective` says so);
//! - a Role: CRDs are cluster-scoped, so a Role never grants them
//!   (`cluster-scoped-in-role` says so).
//!
//! ## Why is this bad?
//! Registering CRDs is an install-time job; reconciling is a run-time job.
//! A role that does both gives the long-running controller Pod the power to
//! rewrite or delete any CRD in the cluster — deleting a CRD deletes every
//! custom resource of that type, and rewriting its schema or conversion
//! webhook redirects other teams' objects. A compromised controller should
//! not be able to do that.
//!
//! ## Example
//! ```yaml
//! kind: ClusterRole
//! metadata: {name: my-controller}
//! rules:
//! - apiGroups: ["apiextensions.k8s.io"]
//!   resources: ["customresourcedefinitions"]
//!   verbs: ["create", "get", "list", "patch"]
//! - apiGroups: ["example.com"]
//!   resources: ["documents"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! Use instead: two roles, bound to different subjects.
//! ```yaml
//! kind: ClusterRole
//! metadata: {name: my-controller-crd-admin}   # bound to the CI/CD deployer
//! rules:
//! - apiGroups: ["apiextensions.k8s.io"]
//!   resources: ["customresourcedefinitions"]
//!   verbs: ["create", "get", "list", "patch"]
//! ---
//! kind: ClusterRole
//! metadata: {name: my-controller-runtime}     # bound to the controller's ServiceAccount
//! rules:
//! - apiGroups: ["example.com"]
//!   resources: ["documents"]
//!   verbs: ["get", "list", "watch", "patch"]
//! ```
//!
//! ## How to fix
//! Split the role: a CRD-registration ClusterRole that your CI/CD pipeline
//! (or installer) is bound to, and a runtime role for the controller's
//! ServiceAccount with no write access to `customresourcedefinitions`. If the
//! controller must read CRDs (e.g. to wait until they are established), keep
//! `get`/`list`/`watch` in the runtime role.
//!
//! ## Fix
//! Unsafe (`--fix --unsafe-fixes`): the rule entries that only administer
//! CRDs (a write verb on `customresourcedefinitions` or its subresources,
//! no other resource, no resourceNames) move, comments and all, to a new
//! ClusterRole `<name>-crd-admin` in a document appended right after the
//! role, with a comment saying it is for the installer, not the
//! controller. The runtime role keeps the rest, including CRD reads in
//! entries of their own. Unsafe because nothing is bound to the new role:
//! bind your installer (CI/CD) to it, or the next install cannot register
//! CRDs. Not offered for an entry mixing CRDs with other resources (split
//! it by hand), a role inside a `List`, a flow-style or JSON document, an
//! aggregated role, or when `<name>-crd-admin` exists.
//!
//! ## Severity
//! Warning: the separation is a design rule, and installers that are meant to
//! hold both (short-lived, not a controller) can suppress it with a reason.
//!
//! ## References
//! - Controller security guide (this project's seed): "CRD Separation Strategy".

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::capability::Reach;
use crate::finding::Finding;
use crate::fix::{yaml_edit, Applicability, Edit, Fix};
use crate::path;
use crate::rule::{Context, Object};
use crate::vocab::{api_groups, resources};

const CRDS: &str = "customresourcedefinitions";

fn is_crd_resource(resource: &str) -> bool {
    resource == CRDS
        || resource
            .strip_prefix(CRDS)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// What a rule's verbs do to every CRD of the cluster; ordered from weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CrdWrite {
    Delete,
    Rewrite,
    Register,
}

impl CrdWrite {
    fn of(rule: &PolicyRule) -> Option<Self> {
        let has = |verbs: &[&str]| rule.verbs.iter().any(|v| verbs.contains(&v.as_str()));
        if has(&["create", "*"]) {
            Some(CrdWrite::Register)
        } else if has(&["update", "patch"]) {
            Some(CrdWrite::Rewrite)
        } else if has(&["delete", "deletecollection"]) {
            Some(CrdWrite::Delete)
        } else {
            None
        }
    }

    fn label(self) -> &'static str {
        match self {
            CrdWrite::Register => "CRD registration (create)",
            CrdWrite::Rewrite => "CRD write (update, patch)",
            CrdWrite::Delete => "CRD deletion",
        }
    }

    fn claim(self) -> &'static str {
        match self {
            CrdWrite::Register => "registers CustomResourceDefinitions",
            CrdWrite::Rewrite => {
                "can rewrite any CustomResourceDefinition (schema, conversion webhook)"
            }
            CrdWrite::Delete => {
                "can delete any CustomResourceDefinition (and every object of its kind)"
            }
        }
    }
}

pub fn check(object: Object, cx: &Context) -> Vec<Finding> {
    if Reach::of(&object) == Reach::Namespace {
        return Vec::new();
    }
    let rules = object.rules();
    let crd_write = rules
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let groups_match = api_groups(rule)
                .iter()
                .any(|g| g == "apiextensions.k8s.io" || g == "*");
            let named = rule.resource_names.as_ref().is_some_and(|n| !n.is_empty());
            if !groups_match || named {
                return None;
            }
            let write = CrdWrite::of(rule)?;
            let j = resources(rule).iter().position(|r| r == CRDS)?;
            Some((write, i, j))
        })
        // The strongest write; the first rule among equals.
        .min_by_key(|&(write, i, _)| (std::cmp::Reverse(write), i));
    let Some((write, i, j)) = crd_write else {
        return Vec::new();
    };
    let runtime = rules.iter().enumerate().find_map(|(k, rule)| {
        resources(rule)
            .iter()
            .position(|r| !is_crd_resource(r))
            .map(|l| (k, l, resources(rule)[l].as_str()))
    });
    let Some((k, l, resource)) = runtime else {
        return Vec::new();
    };
    vec![cx.finding(
        &object,
        path!("rules", i, "resources", j),
        write.label(),
        format!(
            "{}: the same role {} and grants runtime access ({resource})",
            object.id,
            write.claim()
        ),
        "split it: a CRD-registration role bound to CI/CD, and a runtime role without CRD write access for the controller's ServiceAccount",
    )
    .with_label(&object, path!("rules", k, "resources", l), "runtime access")
    .with_fix(split_crd_admin(object, cx))]
}

/// Whether rule entry `rule` is CRD administration alone: a CRD write, on
/// CRD resources only, in the CRD group, without resourceNames.
fn moves_to_crd_admin(rule: &PolicyRule) -> bool {
    let groups_match = api_groups(rule)
        .iter()
        .any(|g| g == "apiextensions.k8s.io" || g == "*");
    let named = rule.resource_names.as_ref().is_some_and(|n| !n.is_empty());
    groups_match
        && !named
        && CrdWrite::of(rule).is_some()
        && !resources(rule).is_empty()
        && resources(rule).iter().all(|r| is_crd_resource(r))
}

/// The unsafe fix: the CRD-administration entries leave the role for a new
/// ClusterRole `<name>-crd-admin` in a document appended right after it,
/// with a comment saying it is for the installer. `None` unless the role
/// is a top-level block-style document with such entries, no aggregation
/// rule, and no object of that name exists; an entry mixing CRDs and other
/// resources is left for a person to split.
fn split_crd_admin(object: Object, cx: &Context) -> Option<Fix> {
    if object.aggregation_rule().is_some() {
        return None;
    }
    let moved: Vec<usize> = (0..object.rules().len())
        .filter(|&i| moves_to_crd_admin(&object.rules()[i]))
        .collect();
    let name = format!("{}-crd-admin", object.id.name);
    let taken = cx
        .objects
        .iter()
        .any(|o| o.id.kind == "ClusterRole" && o.id.name == name);
    let text: &str = &cx.files.get(object.file)?.text;
    let node = cx.tree(object)?;
    let top_level = yaml_edit::line_start(text, node.span.start) == node.span.start
        && !yaml_edit::is_flow(text, node);
    if moved.is_empty() || taken || !top_level {
        return None;
    }
    let rules = node.get("rules")?;
    let mut entries = Vec::new();
    for &i in &moved {
        let (_, entry) = crate::rule::rule_entry(object, cx, i)?;
        entries.push(entry);
    }
    let mut edits = yaml_edit::remove_items(text, rules, &moved)?;
    let brk = yaml_edit::line_break(text);
    let listed = if yaml_edit::is_flow(text, rules) {
        let copies: Vec<&str> = entries
            .iter()
            .map(|e| yaml_edit::text_of(text, e.span))
            .collect();
        format!("rules: [{}]{brk}", copies.join(", "))
    } else {
        let mut listed = format!("rules:{brk}");
        for entry in &entries {
            let dash = yaml_edit::block_dash(text, entry)?;
            let prefix = &text[yaml_edit::line_start(text, dash)..entry.span.start];
            // The entry's lines whole: a comment after its last value moves too.
            let end = yaml_edit::line_end_after(text, entry.span.end);
            let lines = text[entry.span.start..end].trim_end_matches(['\n', '\r']);
            listed.push_str(&format!("{prefix}{lines}{brk}"));
        }
        listed
    };
    let plain = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let shown = match plain {
        true => name.clone(),
        false => serde_json::to_string(&name).ok()?,
    };
    let at = yaml_edit::line_end_after(text, node.span.end);
    let lead = if text[..at].ends_with(['\n', '\r']) {
        ""
    } else {
        brk
    };
    let document = format!(
        "{lead}---{brk}# {name}: the CRD administration {original} held, for the installer (CI/CD) to be bound to, not the controller.{brk}apiVersion: rbac.authorization.k8s.io/v1{brk}kind: ClusterRole{brk}metadata:{brk}  name: {shown}{brk}{listed}",
        original = object.id.name,
    );
    edits.push(Edit::insert(at, document));
    Fix::new(
        format!("move the CRD administration to a new ClusterRole {name}"),
        Applicability::Unsafe,
        edits,
    )
}
