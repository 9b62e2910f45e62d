//! The `check` command from flags to exit code: config → settings (the CLI's
//! flags override the config) → inputs → load → lint → passes over the
//! findings (suppressions, each file's own config, the baseline) → report →
//! exit status.

use std::io::IsTerminal;
use std::path::Path;

use miette::Diagnostic;

use crate::args::{CheckArgs, Color, Format};
use crate::baseline::Baseline;
use crate::config::{self, ConfigError, Configs, Level, LoadedConfig};
use crate::discover;
use crate::engine::{self, Outcome};
use crate::exit_status::ExitStatus;
use crate::fix::{self, Applicability};
use crate::load::LoadError;
use crate::report::{self, human};
use crate::rewrite::{self, fix_loop, fix_loop::FixRun};
use crate::rule::RuleSet;
use crate::rule_id::RuleId;
use crate::rules::{self, RULES};
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::suppress;
use crate::workspace;

/// The selector naming the default rule set.
const RECOMMENDED: &str = "recommended";

/// Runs `rbaclint check` and returns the exit status.
pub fn run(args: CheckArgs) -> ExitStatus {
    match check(&args) {
        Ok(status) => status,
        Err(message) => {
            crate::errln!("error: {message}");
            ExitStatus::Error
        }
    }
}

fn check(args: &CheckArgs) -> Result<ExitStatus, String> {
    let config = match load_config(args) {
        Ok(config) => config,
        Err(err) => return Ok(config_error(args, &err)),
    };
    let mut configs = Configs::new(config, args.no_config || args.config.is_some());
    let settings = settings(args, configs.run_config())?;
    let options = discover::Options {
        exclude: discover::glob_set(&args.exclude)?,
        stdin_name: args.stdin_filename.clone(),
        respect_ignore_files: !args.no_ignore_vcs,
        include_test_data: args.include_test_data,
    };
    let found = discover::discover(&args.paths, &options);
    for note in &found.notes {
        crate::errln!("warning: {note}");
    }
    for missing in &found.missing {
        crate::errln!("error: {missing}");
    }
    let (inputs, governing) = match govern(found.inputs, &mut configs, args) {
        Ok(governed) => governed,
        Err(err) => return Ok(config_error(args, &err)),
    };
    let stdin = args.paths.iter().any(|p| p == "-");
    if stdin && (args.fix || args.add_ignore.is_some()) {
        return Err("--fix and --add-ignore cannot write standard input; use --diff".into());
    }
    let mut outcome = if args.fix || args.diff {
        let min = Applicability::applied_with(args.unsafe_fixes);
        let run = fix_loop::run(inputs, min, |inputs| {
            lint(inputs, &governing, &configs, &settings, args)
        })?;
        if args.diff {
            return Ok(print_diff(&run, &found.missing));
        }
        write_fixes(&run, args.show_fixes)?;
        run.outcome
    } else {
        lint(inputs, &governing, &configs, &settings, args)?
    };
    human::print_skipped(&outcome.workspace);
    if let Some(reason) = &args.add_ignore {
        return add_ignores(&outcome, reason);
    }

    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&outcome.findings, &outcome.workspace.files);
        write_file(path, &baseline.to_json())?;
        crate::errln!(
            "rbaclint: wrote {} baseline entries ({} findings) to {}",
            baseline.entries.len(),
            outcome.findings.len(),
            path.display()
        );
        report_errors(&outcome.errors, &outcome.workspace.files);
        return Ok(if outcome.errors.is_empty() {
            ExitStatus::Clean
        } else {
            ExitStatus::Error
        });
    }
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let baseline = Baseline::from_json(&text)
            .map_err(|e| format!("invalid baseline {}: {e}", path.display()))?;
        let findings = std::mem::take(&mut outcome.findings);
        let (kept, stale) = baseline.apply(findings, &outcome.workspace.files);
        outcome.findings = kept.findings;
        outcome.suppressed += kept.removed;
        if !stale.is_empty() {
            crate::errln!(
                "warning: baseline {} has {} stale entries (no longer found; prune them with --write-baseline):",
                path.display(),
                stale.iter().map(|e| e.count).sum::<usize>()
            );
            for entry in &stale {
                crate::errln!("  {} (x{})", entry.key, entry.count);
            }
        }
    }

    let format = args.format.unwrap_or_else(default_format);
    let to_file = args.output.is_some();
    let rendered = if args.statistics {
        match format {
            Format::Json => report::statistics::render_json(&outcome),
            _ => report::statistics::render_text(&outcome),
        }
    } else {
        render(&outcome, &settings, format, args.color, to_file)
    };
    match &args.output {
        Some(path) => write_file(path, &rendered)?,
        None => crate::output::out(&rendered),
    }
    if format != Format::Human || to_file || args.statistics {
        report_errors(&outcome.errors, &outcome.workspace.files);
    }
    if format == Format::Github {
        report::github::append_step_summary(&outcome)?;
    }
    if let Some(warning) =
        report::sarif::limit_warning(&outcome).filter(|_| format == Format::Sarif)
    {
        crate::errln!("{warning}");
    }
    let code = if found.missing.is_empty() {
        exit_status(&outcome, &settings, args.exit_zero)
    } else {
        ExitStatus::Error
    };
    // Freeing every node tree one by one took a quarter of a run on dense
    // RBAC (see BENCHMARKS.md); the process ends right after this.
    std::mem::forget(outcome);
    Ok(code)
}

/// `--diff`: the diff of every file the fixes change, on standard output;
/// exit 1 when there is one (2 on input errors).
pub fn print_diff(run: &FixRun, missing: &[String]) -> ExitStatus {
    let diffs: String = run
        .changes
        .iter()
        .map(|c| fix::diff::unified(&c.name, &c.before, &c.after))
        .collect();
    crate::output::out(&diffs);
    crate::errln!(
        "rbaclint: would fix {}",
        report::plural(run.total(), "finding")
    );
    report_errors(&run.outcome.errors, &run.outcome.workspace.files);
    if !run.outcome.errors.is_empty() || !missing.is_empty() {
        ExitStatus::Error
    } else if diffs.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    }
}

/// `--fix`: writes the fixed files, then says what was fixed.
pub fn write_fixes(run: &FixRun, show_fixes: bool) -> Result<(), String> {
    for change in &run.changes {
        write_file(Path::new(&change.name), &change.after)?;
    }
    report_fixes(run, show_fixes);
    Ok(())
}

/// After `--fix`: how many findings were fixed, and with `--show-fixes`
/// which, per file and rule (as ruff's `--show-fixes`).
fn report_fixes(run: &FixRun, detailed: bool) {
    // Files written; a fix may also remove findings of other files (a
    // binding's, once the role it binds no longer grants what it flagged).
    crate::errln!(
        "rbaclint: fixed {} in {}",
        report::plural(run.total(), "finding"),
        report::plural(run.changes.len(), "file")
    );
    if detailed {
        let mut last_file = None;
        for ((file, rule), n) in &run.counts {
            if last_file != Some(file) {
                crate::errln!("- {file}:");
                last_file = Some(file);
            }
            crate::errln!("    {n} × {rule}");
        }
    }
}

/// `--add-ignore`: writes the suppression comments and says how many.
fn add_ignores(outcome: &Outcome, reason: &str) -> Result<ExitStatus, String> {
    let done = rewrite::ignore::add_ignores(outcome, reason);
    let mut total = 0;
    for ignored in &done {
        write_file(
            Path::new(&outcome.workspace.files[ignored.file].name),
            &ignored.text,
        )?;
        total += ignored.counts.values().sum::<usize>();
    }
    crate::errln!(
        "rbaclint: added suppressions for {} in {}",
        report::plural(total, "finding"),
        report::plural(done.len(), "file")
    );
    report_errors(&outcome.errors, &outcome.workspace.files);
    Ok(if outcome.errors.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Error
    })
}

/// `github` inside GitHub Actions (as yamllint and ruff do), else `human`.
fn default_format() -> Format {
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        Format::Github
    } else {
        Format::Human
    }
}

pub(crate) fn render(
    outcome: &Outcome,
    settings: &Settings,
    format: Format,
    color: Color,
    to_file: bool,
) -> String {
    match format {
        Format::Human => {
            let mut style = human_style(color);
            if to_file {
                style.color = color == Color::Always;
                style.width = 100;
            }
            human::render(outcome, style)
        }
        Format::Concise => report::concise::render(outcome),
        Format::Json => report::json::render(outcome),
        Format::Sarif => report::sarif::render(outcome, settings),
        Format::Github => report::github::render(outcome),
        Format::Gitlab => report::gitlab::render(outcome, report::gitlab::project_dir().as_deref()),
        Format::Junit => report::junit::render(outcome, settings.fail_on),
    }
}

/// 2 when an input could not be read or parsed; else 1 when a finding is at
/// or above the fail level (and `--exit-zero` is not given); else 0.
pub fn exit_status(outcome: &Outcome, settings: &Settings, exit_zero: bool) -> ExitStatus {
    if !outcome.errors.is_empty() {
        ExitStatus::Error
    } else if !exit_zero && outcome.findings.iter().any(|f| settings.fails(f.severity)) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

/// Renders a config error on stderr; the run stops with exit 2.
fn config_error(args: &CheckArgs, err: &ConfigError) -> ExitStatus {
    let mut out = String::new();
    let style = human::Style {
        color: use_color(args.color, std::io::stderr().is_terminal()),
        width: 100,
    };
    let _ = human::handler(style).render_report(&mut out, err as &dyn Diagnostic);
    crate::output::err(&out);
    ExitStatus::Error
}

/// Inputs, each with the index of the config governing it (`None`: none).
type Governed = (Vec<discover::Input>, Vec<Option<usize>>);

/// The inputs their config lets through (`include`/`exclude` of the config
/// governing each file), with that config's index for each.
fn govern(
    inputs: Vec<discover::Input>,
    configs: &mut Configs,
    args: &CheckArgs,
) -> Result<Governed, Box<ConfigError>> {
    let stdin = args.paths.iter().any(|p| p == "-");
    let mut kept = (Vec::new(), Vec::new());
    for input in inputs {
        let governing = if stdin && input.name == args.stdin_filename {
            configs.run_config().map(|_| 0)
        } else {
            configs.governing(&input.name)?
        };
        if governing.is_none_or(|i| configs.loaded[i].lints(&input.name)) {
            kept.0.push(input);
            kept.1.push(governing);
        }
    }
    Ok(kept)
}

/// Loads and lints the inputs, then suppresses. When files have configs of
/// their own, it runs every rule any of them enables, then gives each file
/// its own rules, severities and ignores ([`config::apply_per_file`]); a
/// file without one follows the run's config.
fn lint(
    inputs: Vec<discover::Input>,
    governing: &[Option<usize>],
    configs: &Configs,
    settings: &Settings,
    args: &CheckArgs,
) -> Result<Outcome, String> {
    let run = configs.run_config().map(|_| 0);
    if governing.iter().all(|g| g.or(run) == run) {
        return Ok(engine::run(inputs, settings));
    }
    let own = configs
        .loaded
        .iter()
        .map(|c| self::settings(args, Some(c)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut union = settings.clone();
    for rule in RULES {
        if union.severity(rule.id).is_none() {
            union.set(rule.id, own.iter().find_map(|s| s.severity(rule.id)));
        }
    }
    union.suppressions.per_file_ignores.clear();
    union.suppressions.skip_objects.clear();
    let by_file: Vec<&Settings> = governing
        .iter()
        .map(|g| g.map_or(settings, |i| &own[i]))
        .collect();
    let workspace = workspace::load(inputs, &union.load_options());
    let linted = engine::lint(&workspace, &union);
    let suppressed = suppress::apply(linted.findings, &workspace, &union);
    let per_file = config::apply_per_file(suppressed.findings, &workspace.files, &by_file);
    let removed = suppressed.removed + per_file.removed;
    Ok(Outcome::new(
        workspace,
        per_file.findings,
        linted.errors,
        removed,
    ))
}

fn load_config(args: &CheckArgs) -> Result<Option<LoadedConfig>, Box<ConfigError>> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|dir| config::discover(&dir)),
    };
    path.map(|p| config::load(&p)).transpose()
}

/// Defaults (the recommended set), then the config, then the flags:
/// `--select` (rule ids, `recommended` or `all`) keeps only the rules named,
/// `--extend-select` adds rules, `--ignore` removes them, `--severity` sets
/// levels (and turns a rule on), `--fail-on` the fail level.
fn settings(args: &CheckArgs, config: Option<&LoadedConfig>) -> Result<Settings, String> {
    let mut settings = Settings::default();
    if let Some(config) = config {
        config.apply(&mut settings);
    }
    settings.suppressions.inline = !args.no_inline_ignores;
    settings.complete |= args.complete;
    if args.no_exemptions {
        settings.skip_bootstrap_objects = false;
        settings.exempt_user_facing_roles = false;
    }
    let known = |flag: &str, id: &str| {
        if id == "all" || id == RECOMMENDED || rules::find(id).is_some() {
            Ok(())
        } else {
            let help = crate::rule_list::unknown_rule_help(id, &["all", RECOMMENDED]);
            Err(format!("unknown rule `{id}` in {flag}; {help}"))
        }
    };
    let enable = |settings: &mut Settings, id: RuleId| {
        let severity = settings
            .severity(id)
            .unwrap_or(rules::rule(id).default_severity);
        settings.set(id, Some(severity));
    };
    // `all`, `recommended` (the default set) or rule ids.
    let all_or = |ids: &[String]| -> Vec<RuleId> {
        RULES
            .iter()
            .filter(|r| {
                ids.iter().any(|i| {
                    i == "all"
                        || i == r.id.as_str()
                        || (i == RECOMMENDED && r.set == RuleSet::Recommended)
                })
            })
            .map(|r| r.id)
            .collect()
    };
    for id in args
        .select
        .iter()
        .chain(&args.extend_select)
        .chain(&args.ignore)
    {
        known("--select/--extend-select/--ignore", id)?;
    }
    if !args.select.is_empty() {
        let selected = all_or(&args.select);
        for rule in RULES {
            if selected.contains(&rule.id) {
                enable(&mut settings, rule.id);
            } else {
                settings.set(rule.id, None);
            }
        }
    }
    for id in all_or(&args.extend_select) {
        enable(&mut settings, id);
    }
    for id in all_or(&args.ignore) {
        settings.set(id, None);
    }
    for spec in &args.severity {
        let (id, level) = spec
            .split_once('=')
            .ok_or_else(|| format!("--severity wants RULE=LEVEL, got `{spec}`"))?;
        known("--severity", id)?;
        let level = <Level as clap::ValueEnum>::from_str(level, true).map_err(|_| {
            format!("--severity {spec}: the level must be error, warning, note or off")
        })?;
        for id in all_or(&[id.to_string()]) {
            settings.set(id, level.severity());
        }
    }
    if let Some(fail_on) = args.fail_on {
        settings.fail_on = fail_on.severity();
    }
    Ok(settings)
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Machine formats carry the errors too; say them on stderr for people.
pub(crate) fn report_errors(errors: &[LoadError], files: &[SourceFile]) {
    human::print_load_errors(errors, files, "lint");
}

/// Whether to colour output for a stream: `--color always|never`, else on a
/// terminal unless `NO_COLOR` is set, or anywhere when `CLICOLOR_FORCE` or
/// `FORCE_COLOR` asks for it. One rule for standard output and error.
fn use_color(color: Color, terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let force = ["CLICOLOR_FORCE", "FORCE_COLOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty() && v != "0"));
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !no_color && (terminal || force),
    }
}

/// Human output on standard output: coloured as [`use_color`] decides, as
/// wide as the terminal says.
fn human_style(color: Color) -> human::Style {
    let terminal = std::io::stdout().is_terminal();
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    human::Style {
        color: use_color(color, terminal),
        width,
    }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}
