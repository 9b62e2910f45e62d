//! `rbaclint audit`: the manifests' roles judged against what their subjects
//! really did, as a Kubernetes audit log records it.
//!
//! - [`crate::audit_log`]: the log's events, tallied, and the rule entries
//!   the allowed requests used.
//! - [`minimal`]: `--suggest`, the minimal roles the requests need.
//! - [`diff`]: `--suggest --diff`, from each subject's current roles to those.
//!
//! The findings are rules of the registry (`unused-grant`,
//! `wildcard-narrowable`, `forbidden-request`) that only this command runs;
//! they are reported in `check`'s formats with `check`'s exit codes.

pub mod diff;
pub mod minimal;

use crate::args::{AuditArgs, Format};
use crate::audit_log::tally::{Filter, Tally};
use crate::audit_log::usage::Usage;
use crate::audit_log::{events, time};
use crate::discover;
use crate::engine::Outcome;
use crate::exit_status::ExitStatus;
use crate::finding::sort_findings;
use crate::fix::trees::FileTrees;
use crate::fix::Applicability;
use crate::rewrite::fix_loop;
use crate::rule::Kind;
use crate::rules::RULES;
use crate::settings::Settings;
use crate::workspace;

/// Runs `rbaclint audit` and returns the exit status.
pub fn run(args: AuditArgs) -> ExitStatus {
    match audit(&args) {
        Ok(status) => status,
        Err(message) => {
            crate::errln!("error: {message}");
            ExitStatus::Error
        }
    }
}

fn audit(args: &AuditArgs) -> Result<ExitStatus, String> {
    let filter = filter(args)?;
    if args.logs.iter().filter(|l| *l == "-").count()
        + args.paths.iter().filter(|p| *p == "-").count()
        > 1
    {
        return Err("standard input (`-`) can be read only once".into());
    }
    let mut tally = Tally::new(filter.clone());
    for log in &args.logs {
        read_into(log, &mut tally)?;
    }
    tally.finish();
    if args.suggest && !args.diff {
        write(args, &minimal::suggest(&tally))?;
        return Ok(ExitStatus::Clean);
    }
    let found = discover::discover(
        &args.paths,
        &discover::Options::new(globset::GlobSet::empty()),
    );
    for note in &found.notes {
        crate::errln!("warning: {note}");
    }
    for missing in &found.missing {
        crate::errln!("error: {missing}");
    }
    if args.diff && args.suggest {
        let workspace = workspace::load(found.inputs, &Settings::default().load_options());
        crate::report::human::print_skipped(&workspace);
        crate::check::report_errors(&workspace.errors, &workspace.files);
        let policy = workspace.policy();
        let (text, notes) = diff::diff(&tally, &policy);
        for note in notes {
            crate::errln!("note: {note}");
        }
        write(args, &text)?;
        let bad_input = !found.missing.is_empty() || !workspace.errors.is_empty();
        return Ok(if bad_input {
            ExitStatus::Error
        } else {
            ExitStatus::Clean
        });
    }
    let settings = Settings::default();
    let no_filter =
        filter.users.is_empty() && filter.service_accounts.is_empty() && filter.groups.is_empty();
    let outcome = if args.fix || args.diff {
        if args.paths.iter().any(|p| p == "-") && args.fix {
            return Err("--fix cannot write standard input; use --diff".into());
        }
        let min = Applicability::applied_with(args.unsafe_fixes);
        let mut first_notes = None;
        let run = fix_loop::run(found.inputs, min, |inputs| {
            let (outcome, notes) = judge(inputs, &tally, &settings, no_filter);
            first_notes.get_or_insert(notes);
            Ok::<_, String>(outcome)
        })?;
        for note in first_notes.unwrap_or_default() {
            crate::errln!("note: {note}");
        }
        let hint = unsafe_hint(&run.outcome, min);
        if args.diff {
            let status = crate::check::print_diff(&run, &found.missing);
            hint.inspect(|hint| crate::errln!("{hint}"));
            return Ok(status);
        }
        crate::check::write_fixes(&run, args.show_fixes)?;
        hint.inspect(|hint| crate::errln!("{hint}"));
        run.outcome
    } else {
        let (outcome, notes) = judge(found.inputs, &tally, &settings, no_filter);
        for note in notes {
            crate::errln!("note: {note}");
        }
        outcome
    };
    crate::report::human::print_skipped(&outcome.workspace);
    let format = args.format.unwrap_or(Format::Human);
    let to_file = args.output.is_some();
    let rendered = crate::check::render(&outcome, &settings, format, args.color, to_file);
    write(args, &rendered)?;
    if format != Format::Human || to_file {
        crate::check::report_errors(&outcome.errors, &outcome.workspace.files);
    }
    Ok(if found.missing.is_empty() {
        crate::check::exit_status(&outcome, &settings, args.exit_zero)
    } else {
        ExitStatus::Error
    })
}

/// After `--fix` or `--diff` without `--unsafe-fixes`: how many unsafe
/// fixes were left, and how to apply them (as ruff says it).
fn unsafe_hint(outcome: &Outcome, min: Applicability) -> Option<String> {
    let left = outcome
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applicability == Applicability::Unsafe && fix.applicability < min)
        .count();
    (left > 0).then(|| {
        format!(
            "rbaclint: {left} unsafe {} available (a log is a window): apply with --unsafe-fixes",
            if left == 1 { "fix" } else { "fixes" }
        )
    })
}

/// Writes the report to `--output`, else standard output.
fn write(args: &AuditArgs, text: &str) -> Result<(), String> {
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            crate::output::out(text);
            Ok(())
        }
    }
}

/// Reads one log into the tally, reporting its malformed lines on stderr.
pub fn read_into(log: &str, tally: &mut Tally) -> Result<(), String> {
    const SHOWN: usize = 10;
    let stats = events::read_log(log, &mut |event| tally.add(event))?;
    let name = if log == "-" { "<stdin>" } else { log };
    for (line, message) in stats.malformed.iter().take(SHOWN) {
        crate::errln!("warning: {name}:{line}: skipped: {message}");
    }
    if !stats.malformed.is_empty() {
        crate::errln!(
            "warning: {name}: {} of {} lines skipped as malformed{}",
            stats.malformed.len(),
            stats.lines,
            if stats.malformed.len() > SHOWN {
                " (first 10 shown)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Loads the manifests and judges their roles against the tally: the
/// audit rules' findings, suppressed and sorted as `check`'s, and the notes
/// on roles left unjudged.
pub fn judge(
    inputs: Vec<discover::Input>,
    tally: &Tally,
    settings: &Settings,
    notes: bool,
) -> (Outcome, Vec<String>) {
    let workspace = workspace::load(inputs, &settings.load_options());
    let policy = workspace.policy();
    let trees = FileTrees::new(workspace.files.len());
    let usage = Usage::new(&policy, tally, notes, &workspace.files, &trees);
    let mut findings = Vec::new();
    for rule in RULES {
        let (Kind::Audit(check), Some(reporter)) = (rule.kind, settings.reporter(rule.id)) else {
            continue;
        };
        findings.extend(check(&usage, reporter));
    }
    let notes = usage.notes;
    drop(policy);
    sort_findings(&mut findings);
    let kept = crate::suppress::apply(findings, &workspace, settings);
    let outcome = Outcome::new(workspace, kept.findings, Vec::new(), kept.removed);
    (outcome, notes)
}

fn filter(args: &AuditArgs) -> Result<Filter, String> {
    let time = |flag: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| {
                time::Timestamp::parse(v).ok_or(format!(
                    "{flag} {v}: not an RFC 3339 time (e.g. 2026-11-30T12:00:00Z)"
                ))
            })
            .transpose()
    };
    let service_accounts = args
        .serviceaccount
        .iter()
        .map(|sa| match sa.split_once(':') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() => {
                Ok((ns.to_string(), name.to_string()))
            }
            _ => Err(format!("--serviceaccount {sa}: write NAMESPACE:NAME")),
        })
        .collect::<Result<_, _>>()?;
    Ok(Filter {
        since: time("--since", &args.since)?,
        until: time("--until", &args.until)?,
        users: args.user.clone(),
        service_accounts,
        groups: args.group.clone(),
    })
}
