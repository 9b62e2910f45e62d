//! `rbaclint access SUBJECT PATHS...`: everything one identity holds, per
//! scope (cluster-wide first, then each namespace), each row naming the
//! granting binding and rule. SUBJECT is `system:serviceaccount:NS:NAME`,
//! `ServiceAccount:NS/NAME`, `Group:NAME`, `User:NAME` or a user name; a
//! ServiceAccount is also in `system:serviceaccounts`,
//! `system:serviceaccounts:NS` and `system:authenticated`, and bindings to
//! those groups count.
//!
//! Through a RoleBinding only namespaced resources are granted: a rule's
//! cluster-scoped resources are named after it as not granted there, and
//! rules that grant nothing in a namespace (only cluster-scoped resources or
//! non-resource URLs) are listed apart, as held without effect.

use std::collections::BTreeMap;

use serde_json::json;

use crate::args::{AccessArgs, ViewFormat};
use crate::authz::reach::rule_in_reach;
use crate::authz::subject::{service_account_namespace, service_account_user, subject_applies};
use crate::authz::{Grant, Identity, Policy, Scope};
use crate::exit_status::ExitStatus;
use crate::model::Rbac;
use crate::path;
use crate::report::plural;
use crate::suggest::{closest, did_you_mean};
use crate::views::location::{grant_json, place, rule_text};
use crate::views::{finish, load};
use crate::workspace::Workspace;

pub fn run(args: AccessArgs) -> ExitStatus {
    finish(report(args))
}

/// The view's text, and whether an input failed to load.
fn report(args: AccessArgs) -> Result<(String, bool), String> {
    if !args.allow_unknown {
        ensure_known_notation(&args.subject)?;
    }
    let identity = Identity::parse(&args.subject)?;
    let (workspace, failed) = load(&args.paths, &args.exclude)?;
    let policy = workspace.policy();
    let grants = policy.access(&identity);
    let without_effect = policy.access_without_effect(&identity);
    if grants.is_empty() && without_effect.is_empty() {
        if let Some(near) = near_bound_subject(&args.subject, &identity, &workspace) {
            crate::errln!(
                "warning: no binding of the input names `{}`; {near}",
                args.subject
            );
        }
    }
    let text = match args.format {
        ViewFormat::Json => {
            let mut out = serde_json::to_string_pretty(&json!({
                "subject": args.subject,
                "user": identity.user,
                "groups": identity.groups,
                "grants": grants.iter().map(|g| grant_json(&workspace, &policy, g)).collect::<Vec<_>>(),
                "withoutEffect": without_effect.iter().map(|g| grant_json(&workspace, &policy, g)).collect::<Vec<_>>(),
            }))
            .expect("serializable");
            out.push('\n');
            out
        }
        ViewFormat::Human => {
            let mut by_scope: BTreeMap<Scope, Vec<[String; 3]>> = BTreeMap::new();
            for grant in &grants {
                by_scope
                    .entry(policy.scope(grant.binding))
                    .or_default()
                    .push(row(&workspace, &policy, grant));
            }
            let mut out = format!(
                "{identity} (groups: {}): {} rule{}\n",
                identity.groups.join(", "),
                grants.len(),
                if grants.len() == 1 { "" } else { "s" }
            );
            for (scope, rows) in by_scope {
                out.push_str(&format!("\n{scope}\n"));
                out.push_str(&table(&["GRANTS", "VIA", "RULE"], &rows));
            }
            if !without_effect.is_empty() {
                let rows: Vec<[String; 3]> = without_effect
                    .iter()
                    .map(|g| row(&workspace, &policy, g))
                    .collect();
                out.push_str(&format!(
                    "\nwithout effect: {} held through RoleBindings, which never grant cluster-scoped resources or non-resource URLs\n",
                    plural(rows.len(), "rule")
                ));
                out.push_str(&table(&["HOLDS", "VIA", "RULE"], &rows));
            }
            out
        }
    };
    Ok((text, failed))
}

/// How a subject is written (see [`Identity::parse`]); anything else is a
/// user name.
const NOTATIONS: &[&str] = &[
    "system:serviceaccount:",
    "ServiceAccount:",
    "Group:",
    "User:",
];

/// A misspelt notation (`ServiceAcount:ns/app`, `system:serviceacount:ns:app`)
/// would be read as a user name nobody has: refuse it with the notation meant.
/// `system:serviceaccounts[:NS]` is a group, not a user.
fn ensure_known_notation(written: &str) -> Result<(), String> {
    let refuse = |meant: String| {
        Err(format!(
            "`{written}` is read as a user name; did you mean `{meant}`? (`--allow-unknown` asks anyway)"
        ))
    };
    if NOTATIONS.iter().any(|n| written.starts_with(n)) {
        return Ok(());
    }
    if written == "system:serviceaccounts" || written.starts_with("system:serviceaccounts:") {
        return refuse(format!("Group:{written}"));
    }
    for notation in NOTATIONS {
        let colons = notation.matches(':').count();
        let Some((end, _)) = written.match_indices(':').nth(colons - 1) else {
            continue;
        };
        let (head, rest) = written.split_at(end + 1);
        if closest(head, [*notation]).is_some() {
            return refuse(format!("{notation}{rest}"));
        }
    }
    Ok(())
}

/// A subject that holds nothing and that no binding names, near one that
/// the input binds, may be a typo, or a subject the input does not bind:
/// say which bound subject is near, in the notation the user chose.
fn near_bound_subject(written: &str, identity: &Identity, workspace: &Workspace) -> Option<String> {
    let mut bound = Vec::new();
    for object in &workspace.objects {
        let Some((_, subjects)) = object.binding() else {
            continue;
        };
        let namespace = match object.rbac {
            Rbac::RoleBinding(_) => object.id.namespace.as_deref(),
            _ => None,
        };
        for subject in subjects {
            if subject_applies(subject, namespace, identity) {
                return None;
            }
            let name = &subject.name;
            match subject.kind.as_str() {
                "ServiceAccount" => {
                    if let Some(ns) = service_account_namespace(subject, namespace) {
                        bound.push(service_account_user(ns, name));
                        bound.push(format!("ServiceAccount:{ns}/{name}"));
                    }
                }
                "Group" => bound.push(format!("Group:{name}")),
                _ => {
                    bound.push(name.clone());
                    bound.push(format!("User:{name}"));
                }
            }
        }
    }
    did_you_mean(written, bound.iter().map(String::as_str))
}

/// One grant: what it grants (minus what its RoleBinding cannot), how, where.
fn row(workspace: &Workspace, policy: &Policy, grant: &Grant) -> [String; 3] {
    let binding = policy.object(grant.binding);
    let role = policy.object(grant.role);
    let origin = policy.object(grant.rule.object);
    let rule = policy.rule(grant.rule);
    let mut grants = rule_text(rule);
    let out_of_reach = policy.out_of_reach(grant);
    if !out_of_reach.is_empty() && rule_in_reach(policy.catalogue(), rule) {
        grants.push_str(&format!(
            " (not {}: cluster-scoped)",
            out_of_reach.join(",")
        ));
    }
    let namespace_verbs = policy.namespace_verbs_out_of_reach(grant);
    if !namespace_verbs.is_empty() {
        grants.push_str(&format!(
            " (namespaces: only the binding's own Namespace; not {})",
            namespace_verbs.join(",")
        ));
    }
    [
        grants,
        format!("{} → {}", binding.id, role.id),
        format!(
            "{} rules[{}] ({})",
            origin.id,
            grant.rule.rule,
            place(workspace, origin, &path!("rules", grant.rule.rule))
        ),
    ]
}

/// Left-aligned columns, two spaces apart.
fn table(header: &[&str; 3], rows: &[[String; 3]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 3]| {
        let mut text = String::from(" ");
        for (i, cell) in cells.iter().enumerate() {
            text.push(' ');
            text.push_str(cell);
            if i < 2 {
                text.push_str(&" ".repeat(widths[i] - cell.chars().count() + 1));
            }
        }
        text.push('\n');
        text
    };
    let mut out = line(*header);
    for row in rows {
        out.push_str(&line([&row[0], &row[1], &row[2]]));
    }
    out
}
