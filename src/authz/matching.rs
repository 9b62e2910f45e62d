//! Whether one PolicyRule allows one request: the API server's `RuleAllows`
//! (plugin/pkg/auth/authorizer/rbac) and its helpers in
//! pkg/apis/rbac/v1/evaluation_helpers.go, with the same corner cases:
//! exact, case-sensitive verbs; `*` resources covering every subresource;
//! `*/sub` only for requests with that subresource; no `pods/*` form;
//! resourceNames never matching a request that carries no name; and
//! nonResourceURLs with a plain-prefix trailing `*`.

use k8s_openapi::api::rbac::v1::PolicyRule;

/// What a request asks for. The verb is the authorizer's verb (`get`, `list`,
/// `create`, ... or `escalate`, `bind`, `impersonate`, `approve` checked
/// during other requests).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Request {
    pub verb: String,
    pub target: Target,
}

/// A resource request (an object or collection of an API group) or a
/// non-resource URL such as `/healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Resource {
        group: String,
        resource: String,
        subresource: Option<String>,
        /// The object's name. `None` for requests that carry none: create on a
        /// collection, deletecollection, list or watch without a
        /// `metadata.name` field selector.
        name: Option<String>,
    },
    NonResource {
        /// The path without its query string.
        path: String,
    },
}

impl Request {
    /// A resource request; `resource` may be `R/sub` for a subresource.
    pub fn resource(verb: &str, group: &str, resource: &str) -> Self {
        let (resource, subresource) = match resource.split_once('/') {
            Some((r, s)) => (r, Some(s.to_string())),
            None => (resource, None),
        };
        Request {
            verb: verb.to_string(),
            target: Target::Resource {
                group: group.to_string(),
                resource: resource.to_string(),
                subresource,
                name: None,
            },
        }
    }

    /// The same request naming one object.
    pub fn named(mut self, object: &str) -> Self {
        if let Target::Resource { name, .. } = &mut self.target {
            *name = Some(object.to_string());
        }
        self
    }

    pub fn non_resource(verb: &str, path: &str) -> Self {
        Request {
            verb: verb.to_string(),
            target: Target::NonResource {
                path: path.to_string(),
            },
        }
    }
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            Target::NonResource { path } => write!(f, "{} {path}", self.verb),
            Target::Resource {
                group,
                resource,
                subresource,
                name,
            } => {
                write!(f, "{} {resource}", self.verb)?;
                if let Some(sub) = subresource {
                    write!(f, "/{sub}")?;
                }
                if !group.is_empty() {
                    write!(f, " ({group})")?;
                }
                if let Some(name) = name {
                    write!(f, " named {name}")?;
                }
                Ok(())
            }
        }
    }
}

/// `resource/subresource`, the string rules name a subresource by.
pub fn combined_resource(resource: &str, subresource: Option<&str>) -> String {
    match subresource {
        Some(sub) => format!("{resource}/{sub}"),
        None => resource.to_string(),
    }
}

/// `RuleAllows`: every dimension of the rule must match the request.
pub fn rule_allows(rule: &PolicyRule, request: &Request) -> bool {
    match &request.target {
        Target::Resource {
            group,
            resource,
            subresource,
            name,
        } => {
            let combined = combined_resource(resource, subresource.as_deref());
            verb_matches(rule, &request.verb)
                && api_group_matches(rule, group)
                && resource_matches(rule, &combined, subresource.as_deref())
                && resource_name_matches(rule, name.as_deref())
        }
        Target::NonResource { path } => {
            verb_matches(rule, &request.verb) && non_resource_url_matches(rule, path)
        }
    }
}

/// Some rule verb is `*` or equals the verb exactly (case-sensitive).
pub fn verb_matches(rule: &PolicyRule, verb: &str) -> bool {
    rule.verbs.iter().any(|v| verb_element_matches(v, verb))
}

/// Some rule group is `*` or equals the group (`""` is the core group).
pub fn api_group_matches(rule: &PolicyRule, group: &str) -> bool {
    strings(&rule.api_groups).any(|g| api_group_element_matches(g, group))
}

/// `*`, the exact combined `resource/subresource`, or `*/subresource`.
pub fn resource_matches(rule: &PolicyRule, combined: &str, subresource: Option<&str>) -> bool {
    strings(&rule.resources).any(|r| resource_element_matches(r, combined, subresource))
}

/// No resourceNames matches any request; otherwise only a request naming one
/// of them (a literal `*` name is just a name).
pub fn resource_name_matches(rule: &PolicyRule, name: Option<&str>) -> bool {
    let names = rule.resource_names.as_deref().unwrap_or(&[]);
    names.is_empty() || name.is_some_and(|name| names.iter().any(|n| n == name))
}

/// `*`, an exact path, or a rule ending in `*` whose rest is a plain string
/// prefix of the path (`/healthz*` matches `/healthzfoo`).
pub fn non_resource_url_matches(rule: &PolicyRule, path: &str) -> bool {
    strings(&rule.non_resource_urls).any(|url| non_resource_url_element_matches(url, path))
}

/// Whether one element of `verbs` matches the verb.
pub fn verb_element_matches(element: &str, verb: &str) -> bool {
    element == "*" || element == verb
}

/// Whether one element of `apiGroups` matches the group.
pub fn api_group_element_matches(element: &str, group: &str) -> bool {
    element == "*" || element == group
}

/// Whether one element of `resources` matches `resource[/subresource]`.
pub fn resource_element_matches(element: &str, combined: &str, subresource: Option<&str>) -> bool {
    element == "*"
        || element == combined
        || subresource.is_some_and(|sub| element.strip_prefix("*/") == Some(sub))
}

/// Whether one element of `nonResourceURLs` matches the path.
pub fn non_resource_url_element_matches(element: &str, path: &str) -> bool {
    element == "*"
        || element == path
        || element
            .strip_suffix('*')
            .is_some_and(|prefix| path.starts_with(prefix.trim_end_matches('*')))
}

fn strings(list: &Option<Vec<String>>) -> impl Iterator<Item = &str> {
    list.as_deref().unwrap_or(&[]).iter().map(String::as_str)
}
