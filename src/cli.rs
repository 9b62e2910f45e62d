//! The command line's dispatcher: parses the arguments (their grammar is in
//! `args`), runs the command they name and turns its [`ExitStatus`] into the
//! process's exit code. `rules`, `explain` and `completions` are answered
//! here; the others have modules of their own.

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::exit_status::ExitStatus;
use crate::rule::{Rule, RuleSet};
use crate::rules;

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
                crate::args::ViewFormat::Human => crate::rule_list::text(),
                crate::args::ViewFormat::Json => crate::rule_list::json(),
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
