//! The command line: `check`, `rules`, `explain`. Parses arguments, runs the
//! engine, writes the report and chooses the exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit_status::ExitStatus;
use crate::report::human;
use crate::rule::{Rule, RuleSet};
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "rbaclint",
    version,
    about = "Least-privilege linter for Kubernetes RBAC manifests"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
// Parsed once per process: the size of `CheckArgs` does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Lint manifests: files, directories (walked for *.yaml, *.yml, *.json) or `-` for stdin.
    Check(CheckArgs),
    /// List the rules with their id, default severity, set and summary.
    Rules {
        #[arg(long, value_enum, default_value_t = crate::views::ViewFormat::Human)]
        format: crate::views::ViewFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. wildcard-verbs.
        rule: String,
    },
    /// Every subject the manifests allow to make a request, and what grants it.
    WhoCan(crate::views::who_can::WhoCanArgs),
    /// Everything a subject may do, per namespace, and what grants it.
    Access(crate::views::access::AccessArgs),
    /// Judge the roles against an audit log: unused grants, narrowable wildcards, denied requests.
    Audit(crate::audit::AuditArgs),
    /// Print a shell completion script (e.g. `rbaclint completions bash > /etc/bash_completion.d/rbaclint`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Output format [default: human; github when GITHUB_ACTIONS=true].
    /// `--output-format` is a synonym, as in ruff.
    #[arg(
        long,
        value_enum,
        env = "RBACLINT_FORMAT",
        visible_alias = "output-format"
    )]
    pub format: Option<Format>,
    /// Write the report to this file instead of standard output
    /// (`--output-file` is a synonym).
    #[arg(long, short = 'o', value_name = "FILE", visible_alias = "output-file")]
    pub output: Option<std::path::PathBuf>,
    /// Print how many findings each rule raised instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Run only these rules (comma-separated or repeated; `all` for every rule, `recommended` for the default set).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Run these rules in addition to the selected ones (e.g. opt-in rules; `all`).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Override a rule's severity: RULE=error|warning|note|off (repeatable).
    #[arg(long, value_name = "RULE=LEVEL", value_delimiter = ',')]
    pub severity: Vec<String>,
    /// The lowest severity that makes the run fail (exit 1) [default: warning].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<crate::config::FailOn>,
    /// Exit 0 even when there are findings (input errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Use this config file instead of the discovered `.rbaclint.yaml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore any `.rbaclint.yaml`.
    #[arg(long)]
    pub no_config: bool,
    /// Ignore suppression comments and annotations (for audits).
    #[arg(long)]
    pub no_inline_ignores: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,
    /// Record the current findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<std::path::PathBuf>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The name to report for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
    /// Lint files that `.gitignore`, `.ignore` or git's excludes ignore.
    #[arg(long)]
    pub no_ignore_vcs: bool,
    /// Walk into test-data directories (`test`, `tests`, `testdata`, `e2e`) too.
    #[arg(long)]
    pub include_test_data: bool,
    /// The input is the whole RBAC set: report roleRefs to roles it lacks.
    #[arg(long)]
    pub complete: bool,
    /// Lint Kubernetes' bootstrap objects too, and run the controller rules on user-facing roles (for audits).
    #[arg(long)]
    pub no_exemptions: bool,
    /// Apply safe fixes to the files in place, then report the findings left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, apply unsafe fixes too (they may remove a permission the workload uses).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print what --fix would change as a unified diff and write nothing (exit 1 when there is a diff).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// With --fix, list the findings fixed per file and rule (on standard error).
    #[arg(long)]
    pub show_fixes: bool,
    /// Add `# rbaclint: ignore[<rule>] -- REASON` on the line of each finding (to adopt rbaclint on an old repository).
    #[arg(long, value_name = "REASON", conflicts_with_all = ["fix", "diff"])]
    pub add_ignore: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the CLI with the process's arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Clean
            });
        }
    };
    let status = run(cli);
    // A report that could not be written is no verdict.
    ExitCode::from(if crate::output::failed() {
        ExitStatus::Error
    } else {
        status
    })
}

/// Runs a parsed command and returns the exit status.
pub fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Check(args) => crate::check::run(args),
        Command::WhoCan(args) => crate::views::who_can::run(args),
        Command::Access(args) => crate::views::access::run(args),
        Command::Audit(args) => crate::audit::run(args),
        Command::Rules { format } => {
            crate::output::out(&match format {
                crate::views::ViewFormat::Human => crate::rule_list::text(),
                crate::views::ViewFormat::Json => crate::rule_list::json(),
            });
            ExitStatus::Clean
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "rbaclint", &mut out);
            crate::output::out(&String::from_utf8_lossy(&out));
            ExitStatus::Clean
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => {
                crate::output::out(&format!("{}\n\n{}\n", rule.doc(), rule_set_section(rule)));
                ExitStatus::Clean
            }
            None => {
                let help = crate::rule_list::unknown_rule_help(&rule, &[]);
                crate::errln!("error: unknown rule `{rule}`; {help}");
                ExitStatus::Error
            }
        },
    }
}

/// The `## Rule set` section `explain` adds to a rule's documentation.
fn rule_set_section(rule: &Rule) -> String {
    let mut section = String::from("## Rule set\n");
    section.push_str(match rule.set {
        RuleSet::Recommended => "recommended: runs by default.",
        RuleSet::OptIn => "opt-in: runs with `--extend-select RULE`, `--select all` or a level in the config's `rules`.",
    });
    if rule.controllers_only {
        section.push_str(" It judges a controller's least privilege, so it does not run on user-facing roles (labelled `rbac.authorization.k8s.io/aggregate-to-admin`, `-edit` or `-view`) unless `--no-exemptions` is given.");
    }
    section
}

pub(crate) fn human_style(color: Color) -> human::Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let force = ["CLICOLOR_FORCE", "FORCE_COLOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty() && v != "0"));
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !no_color && (terminal || force),
    };
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    human::Style { color, width }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}
