//! What the log says each rule entry was used for: every allowed decision is
//! authorized again by the evaluator ([`Policy::grants`], scope-aware, built-in
//! roles included), and every rule entry that allows it records which of its
//! elements matched and with which concrete value. A request that several
//! entries allow counts as a use of each, so "unused" always means that no
//! request matched.
//!
//! Which roles are judged: an input Role or ClusterRole (not aggregated, not
//! aggregated into another) whose bindings' subjects all appear in the log.
//! A subject the log never shows may use what the others do not; its role is
//! left alone, with a note. So is a role bound to a Group, whose members the
//! log cannot enumerate, unless `--group` names it (the user vouches that
//! its members' traffic is in the log).

use std::collections::{BTreeSet, HashMap};

use k8s_openapi::api::rbac::v1::{PolicyRule, Subject};

use crate::audit_log::tally::{Decision, Tally};
use crate::authz::matching::{
    api_group_element_matches, combined_resource, non_resource_url_element_matches,
    resource_element_matches, verb_element_matches,
};
use crate::authz::subject::subject_applies;
use crate::authz::{Identity, Origin, Policy, Target};
use crate::fix::trees::FileTrees;
use crate::model::Rbac;
use crate::source::SourceFile;

/// Verbs the API server checks during other requests, never as requests of
/// their own: an audit log cannot show them in use.
pub const UNOBSERVABLE_VERBS: &[&str] = &["bind", "escalate", "approve", "sign", "attest", "use"];

/// Resources on which those verbs mean something.
const UNOBSERVABLE_RESOURCES: &[&str] = &[
    "*",
    "roles",
    "clusterroles",
    "signers",
    "podsecuritypolicies",
    "securitycontextconstraints",
];

/// Which elements of one rule entry matched allowed requests, and with which
/// values (per element index).
#[derive(Debug, Default, Clone)]
pub struct RuleUse {
    /// Allowed requests this entry allows.
    pub allowed: u64,
    pub verbs: Vec<BTreeSet<String>>,
    pub api_groups: Vec<BTreeSet<String>>,
    pub resources: Vec<BTreeSet<String>>,
    pub resource_names: Vec<BTreeSet<String>>,
    pub non_resource_urls: Vec<BTreeSet<String>>,
}

/// A role whose use the log can tell.
#[derive(Debug, Clone)]
pub struct JudgedRole {
    /// Index of the role in the input's objects.
    pub role: usize,
    /// Its subjects as the log names them.
    pub subjects: Vec<String>,
    /// Allowed requests from those subjects.
    pub requests: u64,
}

/// One rule entry of a judged role.
pub struct JudgedRule<'u> {
    pub judged: &'u JudgedRole,
    pub object: &'u crate::model::RbacObject,
    /// The entry's index in the role's `rules`.
    pub index: usize,
    pub rule: &'u PolicyRule,
    pub used: RuleUse,
}

/// The log's evidence against the input's roles.
pub struct Usage<'p> {
    pub policy: &'p Policy<'p>,
    pub tally: &'p Tally,
    pub uses: HashMap<Origin, RuleUse>,
    pub judged: Vec<JudgedRole>,
    /// Why some bound roles are not judged.
    pub notes: Vec<String>,
    /// The input files and their trees, to build the findings' fixes on.
    pub files: &'p [SourceFile],
    pub trees: &'p FileTrees,
}

impl<'p> Usage<'p> {
    /// Authorizes every allowed decision and records the entries it used.
    /// `notes`: whether to explain bindings left unjudged (off when the
    /// command line limits the subjects, which leaves most unjudged).
    pub fn new(
        policy: &'p Policy<'p>,
        tally: &'p Tally,
        notes: bool,
        files: &'p [SourceFile],
        trees: &'p FileTrees,
    ) -> Self {
        let mut uses: HashMap<Origin, RuleUse> = HashMap::new();
        for (decision, &count) in &tally.decisions {
            if !decision.allowed {
                continue;
            }
            let identity = decision.identity();
            for grant in policy.grants(&identity, &decision.request, decision.namespace.as_deref())
            {
                let rule = policy.rule(grant.rule);
                let usage = uses.entry(grant.rule).or_default();
                record(usage, rule, decision, count);
            }
        }
        let mut usage = Usage {
            policy,
            tally,
            uses,
            judged: Vec::new(),
            notes: Vec::new(),
            files,
            trees,
        };
        usage.judge_roles(notes);
        usage
    }

    fn identities(&self) -> impl Iterator<Item = (Identity, &Decision, u64)> + '_ {
        self.tally
            .decisions
            .iter()
            .map(|(d, &count)| (d.identity(), d, count))
    }

    fn judge_roles(&mut self, notes: bool) {
        let policy = self.policy;
        let objects = policy.objects();
        let aggregated: BTreeSet<usize> = (0..objects.len())
            .flat_map(|r| {
                policy
                    .effective_rules(r)
                    .iter()
                    .map(|o| o.object)
                    .filter(move |&o| o != r)
            })
            .collect();
        for (role, object) in objects.iter().enumerate() {
            let is_role = matches!(object.rbac, Rbac::Role(_) | Rbac::ClusterRole(_));
            if !is_role || object.aggregation_rule().is_some() || aggregated.contains(&role) {
                continue;
            }
            let bindings = policy.bindings_of(role);
            if bindings.is_empty() {
                continue;
            }
            let mut subjects = Vec::new();
            let mut unseen = Vec::new();
            for &binding in &bindings {
                let namespace = policy.binding_namespace(binding);
                let Some((_, binding_subjects)) = objects[binding].binding() else {
                    continue;
                };
                for subject in binding_subjects {
                    let name = subject_name(subject, namespace);
                    // A group's members the log does not show may use
                    // anything: judged only when `--group` names it.
                    let group = subject.kind == "Group";
                    if group && !self.tally.filter().groups.contains(&subject.name) {
                        unseen.push((
                            binding,
                            format!("the log cannot show every member of {name} (name it with --group to judge them)"),
                        ));
                    } else if self.shown(subject, namespace) {
                        subjects.push(name);
                    } else {
                        unseen.push((
                            binding,
                            format!("{name} does not appear in the log{}", self.tally.window()),
                        ));
                    }
                }
            }
            if !unseen.is_empty() || subjects.is_empty() {
                if notes {
                    for (binding, reason) in unseen {
                        self.notes.push(format!(
                            "{}: {reason}; {} is not judged",
                            objects[binding].id, object.id
                        ));
                    }
                }
                continue;
            }
            subjects.sort();
            subjects.dedup();
            let requests = self.requests_of(&bindings);
            self.judged.push(JudgedRole {
                role,
                subjects,
                requests,
            });
        }
    }

    /// Whether some identity of the log is named by this binding subject.
    fn shown(&self, subject: &Subject, namespace: Option<&str>) -> bool {
        self.identities()
            .any(|(identity, _, _)| subject_applies(subject, namespace, &identity))
    }

    /// Allowed requests from the subjects of these bindings.
    fn requests_of(&self, bindings: &[usize]) -> u64 {
        let objects = self.policy.objects();
        self.identities()
            .filter(|(_, d, _)| d.allowed)
            .filter(|(identity, _, _)| {
                bindings.iter().any(|&b| {
                    let namespace = self.policy.binding_namespace(b);
                    objects[b].binding().is_some_and(|(_, subjects)| {
                        subjects
                            .iter()
                            .any(|s| subject_applies(s, namespace, identity))
                    })
                })
            })
            .map(|(_, _, count)| count)
            .sum()
    }

    /// "N allowed requests from A, B between T1 and T2".
    pub fn evidence(&self, judged: &JudgedRole) -> String {
        const SHOWN: usize = 3;
        let mut subjects = judged.subjects[..judged.subjects.len().min(SHOWN)].join(", ");
        if judged.subjects.len() > SHOWN {
            subjects.push_str(&format!(" and {} more", judged.subjects.len() - SHOWN));
        }
        format!(
            "{} allowed requests from {subjects}{}",
            thousands(judged.requests),
            self.tally.window()
        )
    }

    /// Every rule entry of the judged roles, with its use.
    pub fn judged_rules(&self) -> impl Iterator<Item = JudgedRule<'_>> + '_ {
        self.judged.iter().flat_map(move |judged| {
            let object = self.policy.object(judged.role);
            object
                .rules()
                .iter()
                .enumerate()
                .map(move |(index, rule)| JudgedRule {
                    judged,
                    object,
                    index,
                    rule,
                    used: self.rule_use(judged.role, index),
                })
        })
    }

    /// The use of rule `rule` of input object `role` (default: none).
    pub fn rule_use(&self, role: usize, rule: usize) -> RuleUse {
        self.uses
            .get(&Origin { object: role, rule })
            .cloned()
            .unwrap_or_default()
    }
}

fn record(usage: &mut RuleUse, rule: &PolicyRule, decision: &Decision, count: u64) {
    usage.allowed += count;
    let request = &decision.request;
    let verb = request.verb.as_str();
    mark(
        &mut usage.verbs,
        &rule.verbs,
        |v| verb_element_matches(v, verb),
        verb,
    );
    match &request.target {
        Target::Resource {
            group,
            resource,
            subresource,
            name,
        } => {
            let combined = combined_resource(resource, subresource.as_deref());
            mark(
                &mut usage.api_groups,
                list(&rule.api_groups),
                |g| api_group_element_matches(g, group),
                group,
            );
            mark(
                &mut usage.resources,
                list(&rule.resources),
                |r| resource_element_matches(r, &combined, subresource.as_deref()),
                &combined,
            );
            if let Some(name) = name {
                mark(
                    &mut usage.resource_names,
                    list(&rule.resource_names),
                    |n| n == name,
                    name,
                );
            }
        }
        Target::NonResource { path } => {
            mark(
                &mut usage.non_resource_urls,
                list(&rule.non_resource_urls),
                |u| non_resource_url_element_matches(u, path),
                path,
            );
        }
    }
}

/// Records `value` on every element that matches.
fn mark(
    used: &mut Vec<BTreeSet<String>>,
    elements: &[String],
    matches: impl Fn(&str) -> bool,
    value: &str,
) {
    used.resize_with(elements.len(), BTreeSet::new);
    for (i, element) in elements.iter().enumerate() {
        if matches(element) && !used[i].contains(value) {
            used[i].insert(value.to_string());
        }
    }
}

/// The elements of an optional list field.
pub fn list(elements: &Option<Vec<String>>) -> &[String] {
    elements.as_deref().unwrap_or(&[])
}

/// The grants of an entry that no audit log can show in use: its verbs
/// among [`UNOBSERVABLE_VERBS`], or those a `*` verb covers on resources
/// they apply to. Empty when the log can tell everything the entry grants.
pub fn unobservable(rule: &PolicyRule) -> Vec<&'static str> {
    let star = rule.verbs.iter().any(|v| v == "*")
        && list(&rule.resources)
            .iter()
            .any(|r| UNOBSERVABLE_RESOURCES.contains(&r.as_str()));
    UNOBSERVABLE_VERBS
        .iter()
        .copied()
        .filter(|v| star || rule.verbs.iter().any(|verb| verb == v))
        .collect()
}

/// The sentence findings on such an entry add.
pub fn unobservable_note(rule: &PolicyRule) -> String {
    match unobservable(rule).as_slice() {
        [] => String::new(),
        verbs => format!(
            " ({} cannot appear in an audit log and {} not judged)",
            verbs.join(", "),
            if verbs.len() == 1 { "is" } else { "are" }
        ),
    }
}

/// How the log names a binding subject.
fn subject_name(subject: &Subject, binding_namespace: Option<&str>) -> String {
    match subject.kind.as_str() {
        "ServiceAccount" => {
            let ns = crate::authz::subject::service_account_namespace(subject, binding_namespace);
            crate::authz::subject::service_account_user(ns.unwrap_or(""), &subject.name)
        }
        "Group" => format!("group {}", subject.name),
        _ => subject.name.clone(),
    }
}

/// `18342` → `18,342`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
