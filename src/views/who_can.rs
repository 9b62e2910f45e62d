//! `rbaclint who-can VERB RESOURCE[/SUB] [--namespace NS] [--name NAME] PATHS...`:
//! every subject the manifests allow to make one request, with the binding,
//! the role and the rule (in the contributing ClusterRole when aggregated)
//! that grant it.
//!
//! Without `--namespace`, every ClusterRoleBinding and every RoleBinding
//! counts, each grant saying its scope; with it, only ClusterRoleBindings and
//! the RoleBindings of that namespace — as the authorizer decides a request
//! in that namespace. RoleBindings never count for cluster-scoped resources
//! or non-resource URLs (`who-can create customresourcedefinitions` lists
//! ClusterRoleBinding subjects only); for `namespaces`, a RoleBinding counts
//! for get/update/patch/delete on its own Namespace object.
//!
//! Built-in roles of Kubernetes' default policy count as the input's own
//! when a binding references them; their rules are located as
//! `built-in ClusterRole NAME`.

use std::collections::BTreeMap;

use serde_json::json;

use crate::args::{ViewFormat, WhoCanArgs};
use crate::authz::{Grant, Policy, Request, Target};
use crate::catalogue::Catalogue;
use crate::exit_status::ExitStatus;
use crate::model::RbacObject;
use crate::path;
use crate::report::plural;
use crate::rules::{unknown_resource, unknown_verb};
use crate::suggest::did_you_mean;
use crate::views::location::{grant_json, place, rule_text, subject_text};
use crate::views::{finish, load};
use crate::vocab::is_wildcard_resource;

/// Turns `deployments.apps/scale` into a request; a resource without group
/// takes the core group if it serves it, else the one current group that
/// does (removed `extensions` resources do not count).
pub fn parse_request(
    verb: &str,
    resource: &str,
    name: Option<&str>,
    catalogue: &Catalogue,
) -> Result<Request, String> {
    if resource.starts_with('/') {
        return Ok(Request::non_resource(verb, resource));
    }
    let (head, sub) = match resource.split_once('/') {
        Some((h, s)) => (h, Some(s)),
        None => (resource, None),
    };
    let (base, group) = match head.split_once('.') {
        Some((base, group)) => (base, group.to_string()),
        None if catalogue.serves("", head) => (head, String::new()),
        None => {
            let groups: Vec<&str> = catalogue
                .groups_serving(head)
                .filter(|g| !catalogue.is_removed(g, head))
                .collect();
            match groups.as_slice() {
                [] => (head, String::new()),
                [one] => (head, one.to_string()),
                many => {
                    return Err(format!(
                        "`{head}` is served by several API groups ({}): write {head}.GROUP",
                        many.join(", ")
                    ))
                }
            }
        }
    };
    let combined = match sub {
        Some(sub) => format!("{base}/{sub}"),
        None => base.to_string(),
    };
    let request = Request::resource(verb, &group, &combined);
    Ok(match name {
        Some(name) => request.named(name),
        None => request,
    })
}

/// A request no API serves is most likely a typo, and its answer (the
/// holders of `*`) would look like a real one: refuse it, with the nearest
/// known verb or resource, as `unknown-verb` and `unknown-resource` judge a
/// rule. Groups the catalogue does not know are not judged (a CRD outside
/// the input), unless the group is a near miss of a known one.
fn ensure_known(request: &Request, written: &str, catalogue: &Catalogue) -> Result<(), String> {
    let unknown = |what: String, help: Option<String>| {
        let help = help.map(|h| format!("; {h}")).unwrap_or_default();
        Err(format!("{what}{help} (`--allow-unknown` asks anyway)"))
    };
    let non_resource = matches!(request.target, Target::NonResource { .. });
    if !unknown_verb::is_kubernetes_verb(&request.verb, non_resource) {
        let near = unknown_verb::nearest_verb(&request.verb, non_resource);
        return unknown(
            format!("`{}` is not a Kubernetes verb", request.verb),
            Some(match near {
                Some(near) => format!("did you mean `{near}`?"),
                None if non_resource => "a non-resource URL takes get, post, put, patch, delete, head or options".into(),
                None => "verbs are get, list, watch, create, update, patch, delete, deletecollection, escalate, bind, impersonate, use, approve, sign, attest and proxy".into(),
            }),
        );
    }
    let Target::Resource {
        group,
        resource,
        subresource,
        ..
    } = &request.target
    else {
        return Ok(());
    };
    if !catalogue.knows_group(group) {
        return match did_you_mean(group, catalogue.groups()) {
            Some(near) => unknown(format!("no known API serves group `{group}`"), Some(near)),
            None => Ok(()),
        };
    }
    if is_wildcard_resource(resource) {
        return Ok(());
    }
    let group_written = written.split('/').next().is_some_and(|h| h.contains('.'));
    if !group_written && catalogue.groups_serving(resource).next().is_none() {
        let near = did_you_mean(resource, catalogue.all_resources());
        return unknown(format!("no known API serves a resource `{resource}`"), near);
    }
    let combined = match subresource {
        Some(sub) => format!("{resource}/{sub}"),
        None => resource.clone(),
    };
    match unknown_resource::judge(catalogue, std::slice::from_ref(group), &combined) {
        Some((why, help)) => unknown(why, Some(help)),
        None => Ok(()),
    }
}

/// Namespaces every cluster has.
const BUILT_IN_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

/// `--namespace` naming no namespace of the input, near one that it names,
/// may be a typo (the answer then holds only cluster-wide grants), or a
/// namespace the input does not bind in: say which namespace is near.
fn near_namespace(namespace: &str, objects: &[RbacObject]) -> Option<String> {
    let mut known: Vec<&str> = BUILT_IN_NAMESPACES.to_vec();
    known.extend(objects.iter().filter_map(|o| o.id.namespace.as_deref()));
    known.extend(objects.iter().flat_map(|o| {
        let subjects = o.binding().map_or(&[][..], |(_, subjects)| subjects);
        subjects.iter().filter_map(|s| s.namespace.as_deref())
    }));
    if known.contains(&namespace) {
        return None;
    }
    did_you_mean(namespace, known)
}

pub fn run(args: WhoCanArgs) -> ExitStatus {
    finish(report(args))
}

/// The view's text, and whether an input failed to load.
fn report(args: WhoCanArgs) -> Result<(String, bool), String> {
    let (workspace, failed) = load(&args.paths, &args.exclude)?;
    let request = parse_request(
        &args.verb,
        &args.resource,
        args.name.as_deref(),
        &workspace.catalogue,
    )?;
    if !args.allow_unknown {
        ensure_known(&request, &args.resource, &workspace.catalogue)?;
    }
    if let Some(near) = args
        .namespace
        .as_deref()
        .and_then(|ns| near_namespace(ns, &workspace.objects))
    {
        let namespace = args.namespace.as_deref().unwrap_or_default();
        crate::errln!("warning: no object of the input is in namespace `{namespace}`; {near}");
    }
    let policy = workspace.policy();
    let grants = policy.who_can(&request, args.namespace.as_deref());
    let text = match args.format {
        ViewFormat::Json => {
            let mut out = serde_json::to_string_pretty(&json!({
                "request": request.to_string(),
                "namespace": args.namespace,
                "grants": grants.iter().map(|g| grant_json(&workspace, &policy, g)).collect::<Vec<_>>(),
                "roles": policy.roles_allowing(&request).into_iter().map(|(role, origin)| {
                    let object = policy.object(role);
                    let source = policy.object(origin.object);
                    json!({
                        "role": object.id.to_string(),
                        "namespace": object.id.namespace,
                        "at": place(&workspace, object, &path!("metadata", "name")),
                        "rule": {
                            "in": source.id.to_string(),
                            "element": format!("rules[{}]", origin.rule),
                            "at": place(&workspace, source, &path!("rules", origin.rule)),
                        },
                        "aggregated": origin.object != role,
                        "bindings": policy.bindings_of(role).into_iter().map(|b| policy.object(b).id.to_string()).collect::<Vec<_>>(),
                    })
                }).collect::<Vec<_>>(),
            }))
            .expect("serializable");
            out.push('\n');
            out
        }
        ViewFormat::Human => render(
            &workspace,
            &policy,
            &request,
            args.namespace.as_deref(),
            &grants,
        ),
    };
    Ok((text, failed))
}

/// One block per subject: its scope, then each binding → role → rule.
pub fn render(
    workspace: &crate::workspace::Workspace,
    policy: &Policy,
    request: &Request,
    namespace: Option<&str>,
    grants: &[Grant],
) -> String {
    let mut by_subject: BTreeMap<String, Vec<&Grant>> = BTreeMap::new();
    for grant in grants {
        let binding = policy.object(grant.binding);
        let (_, subjects) = binding.binding().expect("a binding");
        let who = subject_text(
            &subjects[grant.subject],
            policy.binding_namespace(grant.binding),
        );
        by_subject.entry(who).or_default().push(grant);
    }
    let mut out = format!(
        "who can {request}{}: {} subject{}\n\n",
        namespace
            .map(|ns| format!(" in namespace {ns}"))
            .unwrap_or_default(),
        by_subject.len(),
        if by_subject.len() == 1 { "" } else { "s" }
    );
    let roles = policy.roles_allowing(request);
    out.push_str(&format!(
        "{} role{} allow{} it:\n",
        roles.len(),
        if roles.len() == 1 { "" } else { "s" },
        if roles.len() == 1 { "s" } else { "" }
    ));
    for (role, origin) in roles {
        let object = policy.object(role);
        let source = policy.object(origin.object);
        let bindings = policy.bindings_of(role);
        out.push_str(&format!(
            "  {}{}: {} rules[{}] ({}){}\n",
            object.id,
            object
                .id
                .namespace
                .as_deref()
                .map(|ns| format!(" in {ns}"))
                .unwrap_or_default(),
            if origin.object == role {
                "own".to_string()
            } else {
                format!("aggregated from {}", source.id)
            },
            origin.rule,
            place(workspace, source, &path!("rules", origin.rule)),
            if bindings.is_empty() {
                "; bound by no binding in the input".to_string()
            } else {
                format!("; bound by {}", plural(bindings.len(), "binding"))
            },
        ));
    }
    for (who, grants) in by_subject {
        out.push_str(&format!("\n{who}\n"));
        for grant in grants {
            let binding = policy.object(grant.binding);
            let role = policy.object(grant.role);
            let origin = policy.object(grant.rule.object);
            out.push_str(&format!(
                "  {} via {} ({})\n    role {}{}\n    rule {} rules[{}]: {} ({})\n",
                policy.scope(grant.binding),
                binding.id,
                place(
                    workspace,
                    binding,
                    &path!("subjects", grant.subject, "name")
                ),
                role.id,
                if grant.role == grant.rule.object {
                    String::new()
                } else {
                    " (aggregated)".into()
                },
                origin.id,
                grant.rule.rule,
                rule_text(policy.rule(grant.rule)),
                place(workspace, origin, &path!("rules", grant.rule.rule)),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::CrdInfo;

    fn parse(resource: &str, catalogue: &Catalogue) -> Result<String, String> {
        parse_request("get", resource, None, catalogue).map(|r| r.to_string())
    }

    #[test]
    fn resources_take_the_group_that_serves_them() {
        let c = Catalogue::new(&[]);
        assert_eq!(parse("pods/exec", &c).unwrap(), "get pods/exec");
        assert_eq!(parse("deployments", &c).unwrap(), "get deployments (apps)");
        assert_eq!(
            parse("deployments.apps/scale", &c).unwrap(),
            "get deployments/scale (apps)"
        );
        assert_eq!(parse("/metrics", &c).unwrap(), "get /metrics");
        // events: the core group serves them, so no group is needed.
        assert_eq!(parse("events", &c).unwrap(), "get events");
        let named = parse_request("get", "secrets", Some("db"), &c).unwrap();
        assert_eq!(named.to_string(), "get secrets named db");
    }

    #[test]
    fn a_resource_of_several_groups_needs_one() {
        let c = Catalogue::new(&[
            CrdInfo {
                group: "a.example.com".into(),
                plural: "widgets".into(),
                scope: None,
                subresources: None,
            },
            CrdInfo {
                group: "b.example.com".into(),
                plural: "widgets".into(),
                scope: None,
                subresources: None,
            },
        ]);
        let err = parse("widgets", &c).unwrap_err();
        assert!(err.contains("widgets.GROUP"), "{err}");
        assert_eq!(
            parse("widgets.b.example.com", &c).unwrap(),
            "get widgets (b.example.com)"
        );
    }
}
