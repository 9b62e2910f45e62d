//! The command line: `check`, `rules`, `explain`. Parses arguments, runs the
//! engine, writes the report and chooses the exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::discover;
use crate::engine::{self, Outcome, Settings};
use crate::report::{self, human};
use crate::rules::{self, RULES};

/// Exit status: no findings.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage error, or an input that could not be read or parsed.
pub const EXIT_ERROR: u8 = 2;

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
pub enum Command {
    /// Lint manifests: files, directories (walked for *.yaml, *.yml, *.json) or `-` for stdin.
    Check(CheckArgs),
    /// List the rules with their id, default severity and summary.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. wildcard-verbs.
        rule: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, env = "RBACLINT_FORMAT")]
    pub format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The name to report for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
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
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    ExitCode::from(run(cli))
}

/// Runs a parsed command and returns the exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules => {
            print_out(&rules_table());
            EXIT_CLEAN
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(rule) => {
                print_out(&format!("{}\n", rule.doc()));
                EXIT_CLEAN
            }
            None => {
                eprintln!("error: unknown rule `{rule}`; `rbaclint rules` lists them");
                EXIT_ERROR
            }
        },
    }
}

fn rules_table() -> String {
    let mut out = String::new();
    for rule in RULES {
        out.push_str(&format!(
            "{:<30} {:<8} {}\n",
            rule.id,
            rule.default_severity.as_str(),
            rule.summary()
        ));
    }
    out
}

fn check(args: CheckArgs) -> u8 {
    let exclude = match discover::glob_set(&args.exclude) {
        Ok(set) => set,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let inputs = discover::discover(&args.paths, &exclude, &args.stdin_filename);
    let outcome = engine::run(inputs, &Settings::default());
    let rendered = match args.format {
        Format::Human => human::render(&outcome, human_style(args.color)),
        Format::Json => report::json::render(&outcome),
        Format::Sarif => report::sarif::render(&outcome),
    };
    print_out(&rendered);
    if args.format != Format::Human {
        // Machine formats carry the errors too; say them on stderr for people.
        for error in &outcome.errors {
            let source = &outcome.files[error.file];
            eprintln!(
                "error: cannot lint {}: {}",
                human::error_location(error, source),
                error.message
            );
        }
    }
    let code = exit_code(&outcome);
    // Freeing every node tree one by one took a quarter of a run on dense
    // RBAC (see BENCHMARKS.md); the process ends right after this.
    std::mem::forget(outcome);
    code
}

/// 2 when any input could not be read or parsed, else 1 when there are findings, else 0.
pub fn exit_code(outcome: &Outcome) -> u8 {
    if !outcome.errors.is_empty() {
        EXIT_ERROR
    } else if !outcome.findings.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn human_style(color: Color) -> human::Style {
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

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
