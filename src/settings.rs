//! What the user configured for a run (defaults, then the config, then the
//! flags): which rules run at what severity, what suppresses findings, and
//! from which severity a finding fails the run. Loading, linting and the
//! passes over findings read it; none of them changes it.

use globset::{Glob, GlobMatcher};

use crate::discover::FileGlobs;
use crate::finding::{Finding, Reporter, Severity};
use crate::model::ObjectRef;
use crate::rule::{Extensions, RuleSet};
use crate::rule_id::RuleId;
use crate::rules::RULES;
use crate::workspace::LoadOptions;

/// Which rules run, at what severity, which findings are suppressed, and
/// from which severity a finding fails the run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Per rule (by [`RuleId::index`]): its severity, `None` when off.
    enabled: [Option<Severity>; RuleId::ALL.len()],
    /// The input is the whole RBAC set (`--complete`).
    pub complete: bool,
    /// What the run knows besides Kubernetes' own vocabulary (custom verbs,
    /// extra APIs), as the config's rule options and shorthands give it.
    pub extensions: Extensions,
    /// Findings at or above this severity fail the run; `None` never fails.
    pub fail_on: Option<Severity>,
    /// Suppression comments, annotations, per-file ignores and skipped objects.
    pub suppressions: Policy,
    /// Leave out objects identical to Kubernetes' bootstrap policy (label
    /// `kubernetes.io/bootstrapping: rbac-defaults` and a bootstrap name).
    pub skip_bootstrap_objects: bool,
    /// Also lint objects the API server would refuse (their `invalid-object`
    /// finding stays); by default they grant nothing and other rules skip them.
    pub lint_refused_objects: bool,
    /// Do not run the rules about a controller's least privilege on
    /// user-facing roles (aggregated into admin, edit or view).
    pub exempt_user_facing_roles: bool,
}

/// The recommended rule set, at default severities.
impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: std::array::from_fn(|i| {
                let rule = &RULES[i];
                (rule.set == RuleSet::Recommended).then_some(rule.default_severity)
            }),
            complete: false,
            extensions: Extensions::default(),
            fail_on: Some(Severity::Warning),
            suppressions: Policy::default(),
            skip_bootstrap_objects: true,
            lint_refused_objects: false,
            exempt_user_facing_roles: true,
        }
    }
}

impl Settings {
    /// Every rule (`--select all`), at default severities.
    pub fn all_rules() -> Self {
        let mut settings = Settings::default();
        for rule in RULES {
            settings.set(rule.id, Some(rule.default_severity));
        }
        settings
    }

    /// The severity of an enabled rule, `None` when it is off.
    pub fn severity(&self, id: RuleId) -> Option<Severity> {
        self.enabled[id.index()]
    }

    /// What the rule's findings are created with, when the rule is on.
    pub fn reporter(&self, rule: RuleId) -> Option<Reporter> {
        let severity = self.severity(rule)?;
        Some(Reporter { rule, severity })
    }

    /// Turns a rule on at `severity`, or off with `None`.
    pub fn set(&mut self, id: RuleId, severity: Option<Severity>) {
        self.enabled[id.index()] = severity;
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(&self, severity: Severity) -> bool {
        self.fail_on.is_some_and(|level| severity >= level)
    }
    /// What loading needs of these settings.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            keep_refused_objects: self.lint_refused_objects,
            extra_apis: self.extensions.extra_apis.clone(),
        }
    }
}

/// What may suppress findings, as configured.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Honour inline suppressions (off with `--no-inline-ignores`).
    pub inline: bool,
    /// Report inline suppressions that give no reason.
    pub require_reasons: bool,
    /// Files (by glob) and the rule ids ignored in them.
    pub per_file_ignores: Vec<(FileGlobs, Vec<String>)>,
    /// Objects never reported on.
    pub skip_objects: Vec<ObjectPattern>,
}

impl Policy {
    /// Whether the config's per-file ignores or skipped objects suppress
    /// `finding` (of the file named `file_name`).
    pub fn ignores(&self, finding: &Finding, file_name: &str) -> bool {
        self.skip_objects.iter().any(|p| p.matches(&finding.object))
            || self.per_file_ignores.iter().any(|(globs, rules)| {
                rules
                    .iter()
                    .any(|r| r == finding.rule.as_str() || r == "all")
                    && globs.is_match(file_name)
            })
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            inline: true,
            require_reasons: false,
            per_file_ignores: Vec::new(),
            skip_objects: Vec::new(),
        }
    }
}

/// Objects to skip: each part is a glob (`system:*`); an absent part matches
/// anything, and a cluster-scoped object's namespace is the empty string.
#[derive(Debug, Clone, Default)]
pub struct ObjectPattern {
    pub kind: Option<GlobMatcher>,
    pub namespace: Option<GlobMatcher>,
    pub name: Option<GlobMatcher>,
}

impl ObjectPattern {
    /// Compiles one glob of a pattern.
    pub fn glob(pattern: &str) -> Result<GlobMatcher, String> {
        Glob::new(pattern)
            .map(|g| g.compile_matcher())
            .map_err(|e| format!("invalid glob `{pattern}`: {e}"))
    }

    pub fn matches(&self, object: &ObjectRef) -> bool {
        let part = |glob: &Option<GlobMatcher>, value: &str| {
            glob.as_ref().is_none_or(|g| g.is_match(value))
        };
        part(&self.kind, &object.kind)
            && part(&self.namespace, object.namespace.as_deref().unwrap_or(""))
            && part(&self.name, &object.name)
    }
}
