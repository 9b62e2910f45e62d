//! `rbaclint audit`: the manifests' roles judged against what their subjects
//! really did, as a Kubernetes audit log records it.
//!
//! - [`events`]: audit events read as the API server authorized them.
//! - [`tally`]: one decision per request, filtered and counted.
//! - [`usage`]: which rule entries and elements the allowed requests used.
//! - [`time`]: RFC 3339 instants for the window.
//! - [`minimal`]: `--suggest`, the minimal roles the requests need.
//! - [`diff`]: `--suggest --diff`, from each subject's current roles to those.
//!
//! The findings are rules of the registry (`unused-grant`,
//! `wildcard-narrowable`, `forbidden-request`) that only this command runs;
//! they are reported in `check`'s formats with `check`'s exit codes.

pub mod diff;
pub mod events;
pub mod minimal;
pub mod tally;
pub mod time;
pub mod usage;

use crate::cli::{Color, Format, EXIT_ERROR};
use crate::discover;
use crate::engine::{self, Outcome, Settings};
use crate::finding::Finding;
use crate::fix::{fix_loop, Applicability};
use crate::rules::{self, RULES};

use tally::{Filter, Tally};
use usage::Usage;

/// An audit rule's check: findings from the log's evidence.
pub type AuditCheck = fn(&Usage) -> Vec<Finding>;

/// The audit rules, by registry id.
pub const AUDIT_RULES: &[(&str, AuditCheck)] = &[
    ("unused-grant", rules::unused_grant::findings),
    ("wildcard-narrowable", rules::wildcard_narrowable::findings),
    ("forbidden-request", rules::forbidden_request::findings),
];

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// An audit log: JSON lines or an EventList, plain or gzip; `-` for stdin (repeatable).
    #[arg(long = "log", value_name = "FILE", required = true)]
    pub logs: Vec<String>,
    /// Manifests: files or directories (as for `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Judge only this user (repeatable).
    #[arg(long, value_name = "NAME")]
    pub user: Vec<String>,
    /// Judge only this ServiceAccount, NAMESPACE:NAME (repeatable).
    #[arg(long, value_name = "NS:NAME")]
    pub serviceaccount: Vec<String>,
    /// Judge only members of this group (repeatable).
    #[arg(long, value_name = "NAME")]
    pub group: Vec<String>,
    /// Only requests received at or after this instant (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only requests received at or before this instant (RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Instead of findings, print per subject the minimal Roles/ClusterRoles
    /// and bindings that allow exactly the requests it attempted, as YAML.
    #[arg(long)]
    pub suggest: bool,
    /// With --suggest: a unified diff per subject from the roles the
    /// manifests bind to it to the suggested ones. Otherwise: what
    /// --fix would change, as a unified diff (exit 1 when there is one).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Narrow the manifests in place: remove unused grants, replace used
    /// wildcards by the values the log used. These fixes are unsafe (a log is
    /// a window): they are applied only with --unsafe-fixes.
    #[arg(long, conflicts_with = "suggest")]
    pub fix: bool,
    /// With --fix or --diff, apply the unsafe fixes (every audit fix is).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// With --fix, list the findings fixed per file and rule (on standard error).
    #[arg(long)]
    pub show_fixes: bool,
    /// Output format [default: human].
    #[arg(long, value_enum, visible_alias = "output-format")]
    pub format: Option<Format>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Exit 0 even when there are findings (input errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Runs `rbaclint audit` and returns the exit status.
pub fn run(args: AuditArgs) -> u8 {
    match audit(&args) {
        Ok(status) => status,
        Err(message) => {
            crate::errln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn audit(args: &AuditArgs) -> Result<u8, String> {
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
        return Ok(crate::cli::EXIT_CLEAN);
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
        let outcome = load(found.inputs, &Settings::default());
        crate::check::report_errors(&outcome);
        let policy = crate::authz::Policy::new(&outcome.objects, &outcome.catalogue);
        let (text, notes) = diff::diff(&tally, &policy);
        for note in notes {
            crate::errln!("note: {note}");
        }
        write(args, &text)?;
        let bad_input = !found.missing.is_empty() || !outcome.errors.is_empty();
        return Ok(if bad_input {
            EXIT_ERROR
        } else {
            crate::cli::EXIT_CLEAN
        });
    }
    let settings = Settings::default();
    let no_filter =
        filter.users.is_empty() && filter.service_accounts.is_empty() && filter.groups.is_empty();
    let outcome = if args.fix || args.diff {
        if args.paths.iter().any(|p| p == "-") && args.fix {
            return Err("--fix cannot write standard input; use --diff".into());
        }
        let min = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
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
        for change in &run.changes {
            std::fs::write(&change.name, &change.after)
                .map_err(|e| format!("cannot write {}: {e}", change.name))?;
        }
        crate::check::report_fixes(&run, args.show_fixes);
        hint.inspect(|hint| crate::errln!("{hint}"));
        run.outcome
    } else {
        let (outcome, notes) = judge(found.inputs, &tally, &settings, no_filter);
        for note in notes {
            crate::errln!("note: {note}");
        }
        outcome
    };
    let format = args.format.unwrap_or(Format::Human);
    let to_file = args.output.is_some();
    let rendered = crate::check::render(&outcome, &settings, format, args.color, to_file);
    write(args, &rendered)?;
    if format != Format::Human || to_file {
        crate::check::report_errors(&outcome);
    }
    Ok(if found.missing.is_empty() {
        crate::check::exit_status(&outcome, &settings, args.exit_zero)
    } else {
        EXIT_ERROR
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
    let mut outcome = load(inputs, settings);
    let policy = crate::authz::Policy::new(&outcome.objects, &outcome.catalogue);
    let trees = crate::fix::trees::FileTrees::new(outcome.files.len());
    let usage = Usage::new(&policy, tally, notes, &outcome.files, &trees);
    let mut findings = Vec::new();
    for (id, check) in AUDIT_RULES {
        let Some(severity) = settings.severity(id) else {
            continue;
        };
        findings.extend(check(&usage).into_iter().map(|mut f| {
            f.rule = rules::find(id).expect("registered").id;
            f.severity = severity;
            f
        }));
    }
    let notes = usage.notes;
    drop(policy);
    engine::sort_findings(&mut findings);
    outcome.findings = findings;
    crate::suppress::apply(&mut outcome, settings);
    (outcome, notes)
}

/// The manifests' objects, loaded as `check` loads them, with no rule run.
fn load(inputs: Vec<discover::Input>, settings: &Settings) -> Outcome {
    let mut loading = settings.clone();
    for rule in RULES {
        loading.set(rule.id, None);
    }
    engine::run(inputs, &loading)
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
