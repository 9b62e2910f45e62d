//! Read-only views of what the manifests grant, computed by the same
//! evaluator the rules use (so a view and a finding never disagree):
//! `who-can` (every subject allowed one request) and `access` (everything
//! one subject holds).

pub mod access;
mod location;
pub mod who_can;

use crate::discover;
use crate::exit_status::ExitStatus;
use crate::settings::Settings;
use crate::workspace::{self, Workspace};

/// Loads the inputs as `check` does, and runs no rule. What could not be
/// loaded — unreadable input, and RBAC objects the API server would reject
/// (`invalid-object`) — goes to stderr, since the answer leaves it out.
/// Returns the workspace and whether anything was left out.
fn load(paths: &[String], exclude: &[String]) -> Result<(Workspace, bool), String> {
    let options = discover::Options::new(discover::glob_set(exclude)?);
    let found = discover::discover(paths, &options);
    for note in &found.notes {
        crate::errln!("warning: {note}");
    }
    for missing in &found.missing {
        crate::errln!("error: {missing}");
    }
    let workspace = workspace::load(found.inputs, &Settings::default().load_options());
    crate::report::human::print_skipped(&workspace);
    crate::report::human::print_load_errors(&workspace.errors, &workspace.files, "read");
    for invalid in &workspace.invalid {
        let source = &workspace.files[invalid.file];
        let at = source.position(invalid.span().start);
        crate::errln!(
            "error: {} at line {}, column {}: {}; it is left out of this answer",
            source.name,
            at.line,
            at.column,
            invalid.message()
        );
    }
    let failed =
        !workspace.errors.is_empty() || !workspace.invalid.is_empty() || !found.missing.is_empty();
    Ok((workspace, failed))
}

/// Prints a view's text, or its error, and returns the exit status: 0, or 2
/// on a usage error or when an input or an object could not be loaded.
fn finish(result: Result<(String, bool), String>) -> ExitStatus {
    match result {
        Ok((text, failed)) => {
            crate::output::out(&text);
            if failed {
                ExitStatus::Error
            } else {
                ExitStatus::Clean
            }
        }
        Err(message) => {
            crate::errln!("error: {message}");
            ExitStatus::Error
        }
    }
}
