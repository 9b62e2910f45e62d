//! One lint run: load every input (in parallel, order kept), build the
//! catalogue, run every enabled rule over every RBAC object (but Kubernetes'
//! own bootstrap objects, and user-facing roles for the rules about
//! controllers), and return the findings sorted by file and position.

use rayon::prelude::*;

use crate::authz;
use crate::catalogue::Catalogue;
use crate::discover::Input;
use crate::exempt;
use crate::finding::{Finding, Severity};
use crate::load::{self, FileContents, LoadError};
use crate::model::RbacObject;
use crate::rule::{Context, Rule, RuleSet};
use crate::rules::{self, RULES};
use crate::source::{SourceFile, Span};
use crate::suppress::{self, Policy};

/// Which rules run, at what severity, which findings are suppressed, and
/// from which severity a finding fails the run.
#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<(&'static str, Severity)>,
    /// The input is the whole RBAC set (`--complete`).
    pub complete: bool,
    /// Verbs the user's own authorizers check (e.g. an aggregated API's),
    /// which `unknown-verb` accepts. For the config file to fill.
    pub custom_verbs: Vec<String>,
    /// `(group, resource)` served by APIs the input does not define (the
    /// config's `extra-apis`), which `unknown-resource` accepts.
    pub extra_apis: Vec<(String, String)>,
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
            enabled: RULES
                .iter()
                .filter(|r| r.set == RuleSet::Recommended)
                .map(|r| (r.id, r.default_severity))
                .collect(),
            complete: false,
            custom_verbs: Vec::new(),
            extra_apis: Vec::new(),
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
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.enabled.iter().find(|(r, _)| *r == id).map(|(_, s)| *s)
    }

    /// Turns a registered rule on at `severity`, or off with `None`.
    /// Unknown ids are ignored: callers validate ids against the registry.
    pub fn set(&mut self, id: &str, severity: Option<Severity>) {
        self.enabled.retain(|(r, _)| *r != id);
        if let (Some(rule), Some(severity)) = (rules::find(id), severity) {
            self.enabled.push((rule.id, severity));
        }
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(&self, severity: Severity) -> bool {
        self.fail_on.is_some_and(|level| severity >= level)
    }
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<SourceFile>,
    pub objects: Vec<RbacObject>,
    pub findings: Vec<Finding>,
    pub errors: Vec<LoadError>,
    /// Objects of any kind read (top-level documents plus List items).
    pub object_count: usize,
    /// Findings removed by suppressions (and, in the CLI, by the baseline).
    pub suppressed: usize,
    /// The API catalogue of the run (built-in API, the input's CRDs, extra APIs).
    pub catalogue: Catalogue,
}

/// Loads the inputs and lints them.
pub fn run(inputs: Vec<Input>, settings: &Settings) -> Outcome {
    let loaded: Vec<(SourceFile, FileContents)> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(id, input)| load_input(id, input))
        .collect();
    let mut outcome = Outcome::default();
    let mut crds = Vec::new();
    let mut workloads = Vec::new();
    let mut raised = Vec::new();
    // The objects are most of what a run keeps: no spare capacity.
    let object_count = loaded
        .iter()
        .map(|(_, c)| match settings.lint_refused_objects {
            true => c.objects.len() + c.refused.len(),
            false => c.objects.len(),
        })
        .sum();
    outcome.objects.reserve_exact(object_count);
    outcome.files.reserve_exact(loaded.len());
    for (mut source, mut contents) in loaded {
        source.directive_comments = std::mem::take(&mut contents.directive_comments);
        outcome.files.push(source);
        outcome.objects.extend(contents.objects);
        if settings.lint_refused_objects {
            outcome.objects.extend(contents.refused);
        }
        outcome.errors.extend(contents.errors);
        outcome.object_count += contents.object_count;
        crds.extend(contents.crds);
        workloads.extend(contents.workloads);
        raised.extend(
            contents
                .invalid
                .iter()
                .map(rules::invalid_object::finding)
                .map(|f| ("invalid-object", f)),
        );
        raised.extend(
            contents
                .duplicate_keys
                .iter()
                .map(rules::duplicate_key::finding)
                .map(|f| ("duplicate-key", f)),
        );
    }
    let mut catalogue = Catalogue::new(&crds);
    for (group, resource) in &settings.extra_apis {
        catalogue.add_api(group, resource);
    }
    let policy = authz::Policy::new(&outcome.objects, &catalogue);
    let kustomize_namespace = crate::kustomize::namespaced_bases(&outcome.files);
    let trees = crate::fix::trees::FileTrees::new(outcome.files.len());
    let cx = Context {
        objects: &outcome.objects,
        catalogue: &catalogue,
        workloads: &workloads,
        policy: &policy,
        complete: settings.complete,
        custom_verbs: &settings.custom_verbs,
        kustomize_namespace: &kustomize_namespace,
        files: &outcome.files,
        trees: &trees,
    };
    let checks: Vec<(&Rule, Severity)> = RULES
        .iter()
        .filter(|r| r.check.is_some())
        .filter_map(|r| settings.severity(r.id).map(|s| (r, s)))
        .collect();
    let per_object: Vec<Result<Vec<Finding>, LoadError>> = outcome
        .objects
        .par_iter()
        .filter(|object| !(settings.skip_bootstrap_objects && exempt::is_bootstrap_object(object)))
        .map(|object| {
            let user_facing =
                settings.exempt_user_facing_roles && exempt::is_user_facing_role(object);
            let found: Vec<Finding> = checks
                .iter()
                .filter(|(rule, _)| !(user_facing && rule.controllers_only))
                .flat_map(|(rule, severity)| {
                    let check = rule.check.expect("filtered to rules with a check");
                    check(object, &cx).into_iter().map(move |mut f| {
                        f.rule = rule.id;
                        f.severity = *severity;
                        f
                    })
                })
                .collect();
            within_findings_budget(object, found)
        })
        .collect();
    let mut findings = Vec::new();
    let mut over_budget = std::collections::BTreeSet::new();
    for result in per_object {
        match result {
            Ok(found) => findings.extend(found),
            Err(error) => {
                over_budget.insert(error.file);
                outcome.errors.push(error);
            }
        }
    }
    // A pathological file ends with its error; the other files' results stay.
    findings.retain(|f: &Finding| !over_budget.contains(&f.file()));
    for (id, mut finding) in raised {
        if let Some(severity) = settings.severity(id) {
            finding.rule = id;
            finding.severity = severity;
            findings.push(finding);
        }
    }
    sort_findings(&mut findings);
    outcome.findings = findings;
    outcome.catalogue = catalogue;
    suppress::apply(&mut outcome, settings);
    outcome.errors.sort_by_key(|e| (e.file, e.span));
    outcome
}

/// The most findings one object may produce. A real role yields a few
/// dozen; a file past this is built to exhaust the reader (or the CI log),
/// and ends with an error naming the limit rather than with its findings.
pub const MAX_FINDINGS_PER_OBJECT: usize = 10_000;

/// `found` when within [`MAX_FINDINGS_PER_OBJECT`], else the error that
/// replaces the findings of the object's file.
fn within_findings_budget(
    object: &RbacObject,
    found: Vec<Finding>,
) -> Result<Vec<Finding>, LoadError> {
    if found.len() <= MAX_FINDINGS_PER_OBJECT {
        return Ok(found);
    }
    Err(LoadError {
        file: object.file,
        span: Some(Span::new(object.node.span.start, object.node.span.start)),
        message: format!(
            "{} has {} findings, more than the limit of {MAX_FINDINGS_PER_OBJECT} for one object; this file's findings are not reported",
            object.id,
            found.len()
        ),
        hint: Some("a real role has a few dozen elements at most: was this file generated by mistake?".into()),
    })
}

/// Orders findings by file (input order), position, rule and message.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.primary.file, a.primary.span, a.rule, &a.message).cmp(&(
            b.primary.file,
            b.primary.span,
            b.rule,
            &b.message,
        ))
    });
}

/// Reads, decodes and parses one input. The text of a file is kept only
/// when something may point into it (see [`FileContents::refers_to_text`]):
/// a tree of manifests is mostly other kinds, and holding all their text
/// would make memory grow with the input instead of with its RBAC.
fn load_input(id: usize, input: Input) -> (SourceFile, FileContents) {
    let name = input.name.clone();
    let (source, contents) = match input.bytes() {
        Err(message) => {
            let contents = FileContents {
                errors: vec![LoadError {
                    file: id,
                    span: None,
                    message,
                    hint: None,
                }],
                ..FileContents::default()
            };
            (SourceFile::new(name, ""), contents)
        }
        Ok(bytes) => {
            let (source, decode_error) = load::decode(id, &name, bytes);
            match decode_error {
                Some(error) => (
                    source,
                    FileContents {
                        errors: vec![error],
                        ..FileContents::default()
                    },
                ),
                None => {
                    // A parser bug must cost one file, not the run.
                    let contents = std::panic::catch_unwind(|| load::load_file(id, &source))
                        .unwrap_or_else(|_| FileContents {
                            errors: vec![LoadError {
                                file: id,
                                span: None,
                                message:
                                    "internal error while parsing this file (please report it)"
                                        .into(),
                                hint: None,
                            }],
                            ..FileContents::default()
                        });
                    (source, contents)
                }
            }
        }
    };
    if contents.refers_to_text() {
        (source, contents)
    } else {
        (SourceFile::new(source.name, ""), contents)
    }
}
