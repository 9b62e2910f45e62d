//! Read-only views of what the manifests grant, computed by the same
//! evaluator the rules use (so a view and a finding never disagree):
//! `who-can` (every subject allowed one request) and `access` (everything
//! one subject holds).

pub mod access;
mod location;
pub mod who_can;

use crate::discover;
use crate::engine::{self, Outcome, Settings};

/// Loads the inputs as `check` does. What could not be loaded — unreadable
/// input, and RBAC objects the API server would reject (`invalid-object`) —
/// goes to stderr, since the answer leaves it out. Returns the outcome and
/// whether anything was left out.
fn load(paths: &[String], exclude: &[String]) -> Result<(Outcome, bool), String> {
    let options = discover::Options::new(discover::glob_set(exclude)?);
    let found = discover::discover(paths, &options);
    for note in &found.notes {
        crate::errln!("warning: {note}");
    }
    for missing in &found.missing {
        crate::errln!("error: {missing}");
    }
    let outcome = engine::run(found.inputs, &Settings::default());
    for error in &outcome.errors {
        let source = &outcome.files[error.file];
        crate::errln!(
            "error: cannot read {}: {}",
            crate::report::human::error_location(error, source),
            error.message
        );
    }
    let invalid: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "invalid-object")
        .collect();
    for finding in &invalid {
        let source = &outcome.files[finding.primary.file];
        let at = source.position(finding.primary.span.start);
        crate::errln!(
            "error: {} at line {}, column {}: {}; it is left out of this answer",
            source.name,
            at.line,
            at.column,
            finding.message
        );
    }
    let failed = !outcome.errors.is_empty() || !invalid.is_empty() || !found.missing.is_empty();
    Ok((outcome, failed))
}

/// Prints a view's text, or its error, and returns the exit status: 0, or 2
/// on a usage error or when an input or an object could not be loaded.
fn finish(result: Result<(String, bool), String>) -> u8 {
    match result {
        Ok((text, failed)) => {
            crate::output::out(&text);
            if failed {
                crate::cli::EXIT_ERROR
            } else {
                crate::cli::EXIT_CLEAN
            }
        }
        Err(message) => {
            crate::errln!("error: {message}");
            crate::cli::EXIT_ERROR
        }
    }
}

/// Output format of the views.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewFormat {
    Human,
    Json,
}
