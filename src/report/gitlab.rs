//! `--format gitlab`: a GitLab Code Quality report (a JSON array), shown in
//! merge requests. GitLab does not display `check_name`, so the description
//! starts with the rule id; fingerprints are stable across line moves.
//! GitLab matches `location.path` against the repository's files, so paths
//! are relative to the project directory (`$CI_PROJECT_DIR`, else the
//! working directory) even when an input was named by an absolute path.
//! A file that cannot be linted is an issue too (`load-error`, blocker):
//! a report without it would show the merge request as clean.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::engine::Outcome;
use crate::finding::Severity;
use crate::report::{fingerprints, fnv1a, region};

/// The directory report paths are relative to: `$CI_PROJECT_DIR` when set,
/// else the working directory.
pub fn project_dir() -> Option<PathBuf> {
    std::env::var_os("CI_PROJECT_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
}

/// `name` (as reported: relative to the working directory, or absolute)
/// relative to `project`; unchanged when it lies outside it.
pub fn project_path(name: &str, project: Option<&Path>) -> String {
    let (Some(project), Ok(cwd)) = (project, std::env::current_dir()) else {
        return name.to_string();
    };
    let (Ok(file), Ok(project)) = (
        std::path::absolute(cwd.join(name)),
        std::path::absolute(project),
    ) else {
        return name.to_string();
    };
    match file.strip_prefix(&project) {
        Ok(relative) if !relative.as_os_str().is_empty() => {
            relative.to_string_lossy().replace('\\', "/")
        }
        _ => name.to_string(),
    }
}

pub fn render(outcome: &Outcome, project: Option<&Path>) -> String {
    let fingerprints = fingerprints(outcome);
    let mut issues: Vec<Value> = outcome
        .findings
        .iter()
        .zip(&fingerprints)
        .map(|(finding, fingerprint)| {
            let file = &outcome.workspace.files[finding.file()];
            let (start, end) = region(file, finding.primary.span);
            json!({
                "description": format!("[{}] {}", finding.rule, finding.message),
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": match finding.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Note => "minor",
                },
                "location": {
                    "path": project_path(&file.name, project),
                    "lines": { "begin": start.line, "end": end.line },
                },
            })
        })
        .collect();
    for error in &outcome.errors {
        let file = &outcome.workspace.files[error.file];
        let line = error.span.map_or(1, |s| file.line_of(s.start));
        let path = project_path(&file.name, project);
        issues.push(json!({
            "description": format!("[load-error] cannot lint this file: {}", error.message),
            "check_name": "load-error",
            "fingerprint": format!("{:016x}", fnv1a(format!("{path}\0{}", error.message).as_bytes())),
            "severity": "blocker",
            "location": { "path": path, "lines": { "begin": line, "end": line } },
        }));
    }
    let mut out = serde_json::to_string_pretty(&issues).expect("report serializes");
    out.push('\n');
    out
}
