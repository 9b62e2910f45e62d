//! Linting: every enabled rule over every RBAC object of a loaded
//! [`Workspace`] (but Kubernetes' own bootstrap objects, and user-facing
//! roles for the rules about controllers), plus the engine's diagnostics of
//! loading (`invalid-object`, `duplicate-key`), sorted by file and position.
//! Suppressions and the baseline are passes over these findings, run after.

use std::ops::Range;

use rayon::prelude::*;

use crate::discover::Input;
use crate::exempt;
use crate::finding::{sort_findings, Finding, Reporter};
use crate::fix::trees::FileTrees;
use crate::load::LoadError;
use crate::model::RbacObject;
use crate::rule::{Check, Context, Kind, Object, ObjectTrees, Rule};
use crate::rules::RULES;
use crate::settings::Settings;
use crate::source::Span;
use crate::suppress;
use crate::workspace::{self, Workspace};

/// What linting found: the findings, sorted, and the errors of objects
/// that produced too many (their files' findings are left out).
#[derive(Debug, Default)]
pub struct Linted {
    pub findings: Vec<Finding>,
    pub errors: Vec<LoadError>,
}

/// Everything a `check` run produced, as the reports read it.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What was loaded (its load errors are moved to [`Outcome::errors`]).
    pub workspace: Workspace,
    pub findings: Vec<Finding>,
    /// Every error of the run, loading's and linting's, by file and position.
    pub errors: Vec<LoadError>,
    /// Findings removed by suppressions (and, in the CLI, by the baseline).
    pub suppressed: usize,
}

impl Outcome {
    /// The report of `workspace`: its findings after the passes, and its
    /// errors with linting's.
    pub fn new(
        mut workspace: Workspace,
        findings: Vec<Finding>,
        lint_errors: Vec<LoadError>,
        suppressed: usize,
    ) -> Self {
        let mut errors = std::mem::take(&mut workspace.errors);
        errors.extend(lint_errors);
        errors.sort_by_key(|e| (e.file, e.span));
        Outcome {
            workspace,
            findings,
            errors,
            suppressed,
        }
    }
}

/// Loads the inputs, lints them and applies the suppressions: `check`
/// without a config's per-file settings or a baseline.
pub fn run(inputs: Vec<Input>, settings: &Settings) -> Outcome {
    let workspace = workspace::load(inputs, &settings.load_options());
    let linted = lint(&workspace, settings);
    let kept = suppress::apply(linted.findings, &workspace, settings);
    Outcome::new(workspace, kept.findings, linted.errors, kept.removed)
}

/// Runs the enabled rules over the workspace.
pub fn lint(workspace: &Workspace, settings: &Settings) -> Linted {
    let policy = workspace.policy();
    // Each enabled check with the reporter of its rule.
    let checks: Vec<(&Rule, Check, Reporter)> = RULES
        .iter()
        .filter_map(|rule| {
            let Kind::Check(check) = rule.kind else {
                return None;
            };
            Some((rule, check, settings.reporter(rule.id)?))
        })
        .collect();
    let per_object: Vec<Result<Vec<Finding>, LoadError>> = objects_by_file(&workspace.objects)
        .into_par_iter()
        .flat_map(|objects| {
            // The file's full trees, should a fix need them, live while its
            // objects are checked and go with them.
            let trees = FileTrees::of_file(workspace.objects[objects.start].file);
            let object_trees = ObjectTrees::new(objects.clone());
            let contexts: Vec<(&Rule, Check, Context)> = checks
                .iter()
                .map(|&(rule, check, reporter)| {
                    let cx = Context {
                        reporter,
                        objects: &workspace.objects,
                        catalogue: &workspace.catalogue,
                        workloads: &workspace.workloads,
                        policy: &policy,
                        complete: settings.complete,
                        custom_verbs: &settings.extensions.custom_verbs,
                        kustomize_namespace: &workspace.kustomize_namespace,
                        checkout: &workspace.checkout,
                        files: &workspace.files,
                        trees: &trees,
                        object_trees: &object_trees,
                    };
                    (rule, check, cx)
                })
                .collect();
            objects
                .into_par_iter()
                .map(|index| Object {
                    index,
                    object: &workspace.objects[index],
                })
                .filter(|object| {
                    !(settings.skip_bootstrap_objects && exempt::is_bootstrap_object(object))
                })
                .map(|object| {
                    let user_facing =
                        settings.exempt_user_facing_roles && exempt::is_user_facing_role(&object);
                    let found: Vec<Finding> = contexts
                        .iter()
                        .filter(|(rule, _, _)| !(user_facing && rule.controllers_only))
                        .flat_map(|(_, check, cx)| check(object, cx))
                        .collect();
                    within_findings_budget(&object, found)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut linted = Linted::default();
    let mut over_budget = std::collections::BTreeSet::new();
    for result in per_object {
        match result {
            Ok(found) => linted.findings.extend(found),
            Err(error) => {
                over_budget.insert(error.file);
                linted.errors.push(error);
            }
        }
    }
    // A pathological file ends with its error; the other files' results stay.
    linted
        .findings
        .retain(|f: &Finding| !over_budget.contains(&f.file()));
    for rule in RULES {
        let (Kind::Diagnostic(diagnose), Some(reporter)) = (rule.kind, settings.reporter(rule.id))
        else {
            continue;
        };
        linted.findings.extend(diagnose(workspace, reporter));
    }
    sort_findings(&mut linted.findings);
    linted
}

/// The objects of each file, as ranges of indices: loading keeps a file's
/// objects together, so each file's trees are parsed once at most.
fn objects_by_file(objects: &[RbacObject]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in 1..=objects.len() {
        if end == objects.len() || objects[end].file != objects[start].file {
            ranges.push(start..end);
            start = end;
        }
    }
    ranges
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
