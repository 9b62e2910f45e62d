//! The grants Kubernetes' "RBAC good practices" call privilege-escalation
//! risks: what a capability is (which verbs on which resources of which
//! group, what the holder can then do, which rule reports an explicit grant
//! of it), how a role's rules hold one ([`Judge`]), and the findings of the
//! rule that reports it ([`check`]). The data lives with each rule
//! (`rules/secrets_read.rs`, ...), the ordered list in the registry
//! (`rules::CAPABILITIES`, from the rules' `.capability(…)` registry lines);
//! the evaluator (`authz`) answers the requests.
//!
//! One mistake, one finding: a specific rule (`secrets-read`, `bind-verb`, ...)
//! fires only where a rule *names* both the sensitive resource and verb; when
//! a `*` in verbs or resources is what reaches it, `wildcard-verbs` or
//! `wildcard-resources` reports the `*` once and lists what it covers.
//!
//! Every claim holds where the role can take effect ([`Reach`]): a Role is
//! used only by RoleBindings, which never authorize cluster-scoped requests,
//! so a Role's grants on nodes, signers or webhook configurations are not
//! reported (`cluster-scoped-in-role` says they grant nothing).
//!
//! Rules with `resourceNames` grant only the named objects; most are left to
//! `resource-names-ineffective`, except where a name is itself the risk
//! ([`Named`]): one webhook configuration can still be rewritten to intercept
//! every object, and a `kubernetes.io/...` signer mints any identity.

use k8s_openapi::api::rbac::v1::PolicyRule;

use crate::authz::matching::{api_group_matches, rule_allows, Request};
use crate::catalogue::Catalogue;
use crate::finding::{Finding, Reporter};
use crate::model::{Rbac, RbacObject};
use crate::path;
use crate::vocab::{api_groups, resources, show_group};

/// Which element a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primary {
    /// The resource element (`secrets`, `pods/exec`).
    Resource,
    /// The verb element (`escalate`, `bind`, `impersonate`).
    Verb,
}

/// Where a role's grants can take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A ClusterRole: a ClusterRoleBinding may bind it anywhere (even when
    /// the input binds it only through RoleBindings), so every grant counts.
    Cluster,
    /// A Role: only RoleBindings of its namespace use it, and they never
    /// authorize a request on a cluster-scoped resource (one exception: the
    /// namespace's own Namespace object).
    Namespace,
}

impl Reach {
    pub fn of(object: &RbacObject) -> Self {
        match object.rbac {
            Rbac::Role(_) => Reach::Namespace,
            _ => Reach::Cluster,
        }
    }
}

/// One way to hold a capability: any of `verbs` on any of `resources` in `group`.
pub struct Grant {
    pub group: &'static str,
    /// `userextras/*` stands for `userextras/<any key>`.
    pub resources: &'static [&'static str],
    pub verbs: &'static [&'static str],
    /// What the holder can do through this grant when it is less than the
    /// capability's consequence (`update` on pods only swaps images).
    pub consequence: Option<&'static str>,
    /// Whether the grant stays a risk when limited by resourceNames.
    pub named: Option<Named>,
    /// Only older clusters honour it (`get` on pods/exec before 1.35): its
    /// finding says so, and wildcard "covers" lists leave it out.
    pub older_clusters_only: bool,
}

/// A grant whose risk survives resourceNames, for the names `risk` accepts.
pub struct Named {
    /// What the object of this name gives its holder (`""`: nothing to add
    /// to the consequence); `None` when the name keeps no risk.
    pub risk: fn(&str) -> Option<&'static str>,
    /// What the holder can do with the named objects.
    pub consequence: &'static str,
}

/// A grant with the capability's consequence, limited by resourceNames to
/// objects of the author's choosing.
pub const fn grant(
    group: &'static str,
    resources: &'static [&'static str],
    verbs: &'static [&'static str],
) -> Grant {
    Grant {
        group,
        resources,
        verbs,
        consequence: None,
        named: None,
        older_clusters_only: false,
    }
}

/// An escalation risk, as the rule that reports its explicit grants
/// declares it (`.capability(…)` on the rule's registry line).
pub struct Capability {
    /// Short name for wildcard messages ("secrets read").
    pub short: &'static str,
    /// What the holder can do, for the finding's message.
    pub consequence: &'static str,
    /// What the holder of a Role can do, when less than a ClusterRole's holder.
    pub in_namespace: Option<&'static str>,
    pub help: &'static str,
    pub primary: Primary,
    /// Strongest first: an element matching several grants is described by the first.
    pub grants: &'static [Grant],
    /// Checked in the namespace of the binding being written, whatever the
    /// resource's scope (`bind`): a Role grants it on clusterroles too.
    pub checked_in_binding_namespace: bool,
    /// The capability needs every grant (CSR approval: `update` on the
    /// approval and `approve` on the signer); one alone is half of it.
    pub needs_every_grant: bool,
}

/// The fields most capabilities share.
pub const BASE: Capability = Capability {
    short: "",
    consequence: "",
    in_namespace: None,
    help: "",
    primary: Primary::Resource,
    grants: &[],
    checked_in_binding_namespace: false,
    needs_every_grant: false,
};

/// The RBAC API group, whose roles `escalate` and `bind` apply to.
pub const RBAC: &str = "rbac.authorization.k8s.io";

/// Whether a resource element of a rule names `resource` itself
/// (`userextras/*` in the table stands for any `userextras/<key>`).
fn names_resource(element: &str, resource: &str) -> bool {
    match resource.strip_suffix("/*") {
        Some(base) => element
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1),
        None => element == resource,
    }
}

/// A concrete resource to ask the evaluator about.
fn concrete(resource: &str) -> String {
    match resource.strip_suffix("/*") {
        Some(base) => format!("{base}/any-key"),
        None => resource.to_string(),
    }
}

/// Indices of the items that match, only the first of equal items when
/// `distinct`.
fn matching_indices(
    items: &[String],
    matches: impl Fn(&str) -> bool,
    distinct: bool,
) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| matches(item) && (!distinct || seen.insert(item.as_str())))
        .map(|(i, _)| i)
        .collect()
}

/// Where the grants are judged: the role's reach and the API's scopes.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    pub reach: Reach,
    pub catalogue: &'a Catalogue,
}

impl<'a> Judge<'a> {
    pub fn new(object: &RbacObject, catalogue: &'a Catalogue) -> Self {
        Judge {
            reach: Reach::of(object),
            catalogue,
        }
    }

    /// Whether `verb` on `resource` of `group` can take effect where the role does.
    fn takes_effect(
        &self,
        capability: &Capability,
        group: &str,
        resource: &str,
        verb: &str,
    ) -> bool {
        self.reach == Reach::Cluster
            || capability.checked_in_binding_namespace
            || self.catalogue.grantable_in_namespace(group, resource, verb)
    }

    /// The requests of a grant that can take effect, without a name.
    fn requests(&self, capability: &Capability, grant: &Grant) -> Vec<Request> {
        let mut requests = Vec::new();
        for resource in grant.resources.iter().map(|r| concrete(r)) {
            for verb in grant.verbs {
                if self.takes_effect(capability, grant.group, &resource, verb) {
                    requests.push(Request::resource(verb, grant.group, &resource));
                }
            }
        }
        requests
    }

    /// How the rule holds one grant: for unnamed requests, only for some
    /// harmless names, or for names that keep the risk.
    fn holding(&self, rule: &PolicyRule, capability: &Capability, grant: &Grant) -> Holding {
        let requests = self.requests(capability, grant);
        if requests.iter().any(|r| rule_allows(rule, r)) {
            return Holding::Risky;
        }
        let names = rule.resource_names.as_deref().unwrap_or(&[]);
        let allowed = |name: &String| {
            requests
                .iter()
                .any(|r| rule_allows(rule, &r.clone().named(name)))
        };
        let risky = |name: &str| {
            grant
                .named
                .as_ref()
                .is_some_and(|n| (n.risk)(name).is_some())
        };
        if names.iter().any(|n| risky(n) && allowed(n)) {
            Holding::Risky
        } else if names.iter().any(allowed) {
            Holding::Harmless
        } else {
            Holding::None
        }
    }

    /// Whether the rule holds some grant of the capability with its risk,
    /// by any of its elements, wildcards included: what the evaluator says.
    pub fn grants(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        capability
            .grants
            .iter()
            .any(|g| self.holding(rule, capability, g) == Holding::Risky)
    }

    /// Whether the rule alone holds the whole capability (every grant when
    /// it needs every one), for wildcard "covers" lists, which leave out
    /// grants only older clusters honour (`get` on pods/exec before 1.35).
    pub fn holds_whole(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        let risky = |g: &Grant| self.holding(rule, capability, g) == Holding::Risky;
        if capability.needs_every_grant {
            capability.grants.iter().all(risky)
        } else {
            capability
                .grants
                .iter()
                .filter(|g| !g.older_clusters_only)
                .any(risky)
        }
    }

    /// How the whole role holds a grant: the best of its rules.
    fn role_holding(&self, object: &RbacObject, capability: &Capability, grant: &Grant) -> Holding {
        object
            .rules()
            .iter()
            .map(|rule| self.holding(rule, capability, grant))
            .max()
            .unwrap_or(Holding::None)
    }

    /// Whether the rule grants the capability by naming both its resource
    /// and its verb (not through `*`), where the role takes effect.
    pub fn explicitly_grants(&self, rule: &PolicyRule, capability: &Capability) -> bool {
        !self.explicit_elements(rule, capability).is_empty()
    }

    /// Each explicit grant of the capability in the rule.
    fn explicit_elements(&self, rule: &PolicyRule, capability: &Capability) -> Vec<Element> {
        let names = rule.resource_names.as_deref().unwrap_or(&[]);
        let mut found = Vec::new();
        for (g, grant) in capability.grants.iter().enumerate() {
            if !api_group_matches(rule, grant.group) {
                continue;
            }
            // With resourceNames, only the names that keep the risk count,
            // and only for requests that carry a name.
            let risky_names: Vec<String> = match (&grant.named, names.is_empty()) {
                (_, true) => Vec::new(),
                (None, false) => continue,
                (Some(named), false) => {
                    let risky: Vec<String> = names
                        .iter()
                        .filter(|n| (named.risk)(n).is_some())
                        .cloned()
                        .collect();
                    if risky.is_empty() {
                        continue;
                    }
                    risky
                }
            };
            // Every element of the primary kind (one finding each), but only
            // the first of equal elements of the other kind: a repeat adds
            // nothing to a finding, and pairing every repeat made a rule of
            // n resources and n verbs cost n².
            let by_resource = capability.primary == Primary::Resource;
            let all_resources = resources(rule);
            let resource_indices = matching_indices(
                all_resources,
                |element| grant.resources.iter().any(|r| names_resource(element, r)),
                !by_resource,
            );
            let verb_indices =
                matching_indices(&rule.verbs, |verb| grant.verbs.contains(&verb), by_resource);
            for &j in &resource_indices {
                let element = &all_resources[j];
                for &k in &verb_indices {
                    let verb = &rule.verbs[k];
                    // create and deletecollection never match a rule with names.
                    let carries_name = !matches!(verb.as_str(), "create" | "deletecollection");
                    if (risky_names.is_empty() || carries_name)
                        && self.takes_effect(capability, grant.group, element, verb)
                    {
                        found.push(Element {
                            resource: j,
                            verb: k,
                            grant: g,
                            names: risky_names.clone(),
                        });
                    }
                }
            }
        }
        found
    }

    /// What a `*` in this rule reaches that the rule does not name
    /// explicitly: the short names of those capabilities, for wildcard messages.
    pub fn covered_by_wildcards(
        &self,
        rule: &PolicyRule,
        capabilities: &[&'static Capability],
    ) -> Vec<&'static str> {
        capabilities
            .iter()
            .filter(|c| self.holds_whole(rule, c) && !self.explicitly_grants(rule, c))
            .map(|c| c.short)
            .collect()
    }

    /// `; covers secrets read, escalate` — or nothing.
    pub fn covers_suffix(&self, rule: &PolicyRule, capabilities: &[&'static Capability]) -> String {
        let covered = self.covered_by_wildcards(rule, capabilities);
        if covered.is_empty() {
            String::new()
        } else {
            format!("; covers {}", covered.join(", "))
        }
    }
}

/// How a rule (or a role) holds a grant; ordered from weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Holding {
    None,
    /// Only for names that do not keep the risk.
    Harmless,
    Risky,
}

/// One explicit grant: a resource element, a verb element, the grant they
/// match, and the risky resourceNames limiting it (empty: none).
#[derive(Debug, Clone)]
struct Element {
    resource: usize,
    verb: usize,
    grant: usize,
    names: Vec<String>,
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a grant asks for, for "half of" messages: `approve on signers`.
fn describe(grant: &Grant) -> String {
    format!(
        "{} on {}",
        grant.verbs.join(" or "),
        grant.resources.join(", ")
    )
}

/// The findings of one capability's rule on one role: one per resource
/// element (or per verb element) that explicitly grants it.
pub fn check(
    object: &RbacObject,
    capability: &Capability,
    catalogue: &Catalogue,
    report: Reporter,
) -> Vec<Finding> {
    let judge = Judge::new(object, catalogue);
    let mut findings = Vec::new();
    for (i, rule) in object.rules().iter().enumerate() {
        let elements = judge.explicit_elements(rule, capability);
        // One finding per element of the primary kind, with every grant it
        // takes part in (grouped in one pass: a rule may list thousands).
        let mut by_key: std::collections::BTreeMap<usize, Vec<&Element>> = Default::default();
        for element in &elements {
            let key = match capability.primary {
                Primary::Resource => element.resource,
                Primary::Verb => element.verb,
            };
            by_key.entry(key).or_default().push(element);
        }
        for (key, group) in by_key {
            let Some(claim) = claim(&judge, object, capability, &group) else {
                continue;
            };
            let mut in_rule_order = group.clone();
            in_rule_order.sort_by_key(|e| (e.verb, e.resource));
            let mut verbs_named: Vec<&str> = Vec::new();
            let mut resources_named: Vec<&str> = Vec::new();
            let mut named = std::collections::HashSet::new();
            for e in &in_rule_order {
                let verb = rule.verbs[e.verb].as_str();
                let resource = resources(rule)[e.resource].as_str();
                if named.insert(("verb", verb)) {
                    verbs_named.push(verb);
                }
                if named.insert(("resource", resource)) {
                    resources_named.push(resource);
                }
            }
            let path = match capability.primary {
                Primary::Resource => path!("rules", i, "resources", key),
                Primary::Verb => path!("rules", i, "verbs", key),
            };
            // Only the rule's groups through which the grant holds: a rule
            // listing `""` and `app.k8s.io` grants pods/exec through `""`.
            let granting: Vec<&str> = group
                .iter()
                .map(|e| capability.grants[e.grant].group)
                .collect();
            let groups = api_groups(rule)
                .iter()
                .filter(|g| *g == "*" || granting.contains(&g.as_str()))
                .map(|g| show_group(g))
                .collect::<Vec<_>>()
                .join(", ");
            let what = format!(
                "{} on {}",
                verbs_named.join(", "),
                resources_named.join(", ")
            );
            let named = if group[0].names.is_empty() {
                String::new()
            } else {
                format!(" named {}", group[0].names.join(", "))
            };
            findings.push(report.finding(
                object,
                path,
                claim.label.unwrap_or_else(|| format!("{what}{named}")),
                format!(
                    "{}: grants {what}{named} (API groups {groups}){}",
                    object.id, claim.tail
                ),
                capability.help,
            ));
        }
    }
    findings
}

/// What a finding says: its label (`None`: the verbs and resources) and
/// the message's tail about the holder.
struct Claim {
    label: Option<String>,
    tail: String,
}

impl Claim {
    fn holder(consequence: &str) -> Self {
        Claim {
            label: None,
            tail: format!(": the holder {consequence}"),
        }
    }
}

/// The claim for the elements of one finding, or `None` when the role
/// holds the capability only in a harmless form.
fn claim(
    judge: &Judge,
    object: &RbacObject,
    capability: &Capability,
    elements: &[&Element],
) -> Option<Claim> {
    // The strongest grant describes the element.
    let first = elements.iter().min_by_key(|e| e.grant)?;
    let grant = &capability.grants[first.grant];
    let consequence = match (&grant.named, first.names.is_empty()) {
        (Some(named), false) => named_consequence(named, &first.names),
        _ => match (judge.reach, capability.in_namespace) {
            (Reach::Namespace, Some(in_namespace)) => in_namespace.to_string(),
            _ => grant
                .consequence
                .unwrap_or(capability.consequence)
                .to_string(),
        },
    };
    let consequence = consequence.as_str();
    if !capability.needs_every_grant {
        return Some(Claim::holder(consequence));
    }
    let others: Vec<(&Grant, Holding)> = capability
        .grants
        .iter()
        .enumerate()
        .filter(|(g, _)| !elements.iter().any(|e| e.grant == *g))
        .map(|(_, g)| (g, judge.role_holding(object, capability, g)))
        .collect();
    let missing: Vec<String> = others
        .iter()
        .filter(|(_, h)| *h == Holding::None)
        .map(|(g, _)| describe(g))
        .collect();
    if !missing.is_empty() {
        return Some(Claim {
            label: Some(format!("half of {}", capability.short)),
            tail: format!(
                ", half of {}: the role does not grant {}; whoever also holds that through another role {consequence}",
                capability.short,
                missing.join(" or ")
            ),
        });
    }
    // The other half limited to harmless names: the role approves for those only.
    if others.iter().any(|(_, h)| *h == Holding::Harmless) {
        return None;
    }
    Some(Claim::holder(consequence))
}

/// The consequence of a grant limited to risky names, with what each name
/// yields: `... (kubernetes.io/kube-apiserver-client: client certificates ...)`.
fn named_consequence(named: &Named, names: &[String]) -> String {
    let risks: Vec<String> = names
        .iter()
        .filter_map(|n| {
            (named.risk)(n)
                .filter(|r| !r.is_empty())
                .map(|r| format!("{n}: {r}"))
        })
        .collect();
    if risks.is_empty() {
        named.consequence.to_string()
    } else {
        format!("{} ({})", named.consequence, risks.join("; "))
    }
}
