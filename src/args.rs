//! The command line's grammar: every clap type, parsed once in `cli` and
//! handed to the command it names. Kept apart so that the commands depend
//! on their arguments, and nothing depends on the dispatcher.

use clap::{Parser, Subcommand, ValueEnum};

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
        #[arg(long, value_enum, default_value_t = ViewFormat::Human)]
        format: ViewFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. wildcard-verbs.
        rule: String,
    },
    /// Every subject the manifests allow to make a request, and what grants it.
    WhoCan(WhoCanArgs),
    /// Everything a subject may do, per namespace, and what grants it.
    Access(AccessArgs),
    /// Judge the roles against an audit log: unused grants, narrowable wildcards, denied requests.
    Audit(AuditArgs),
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

#[derive(clap::Args, Debug)]
pub struct WhoCanArgs {
    /// The verb, e.g. get, create, escalate, impersonate.
    pub verb: String,
    /// RESOURCE[.GROUP][/SUBRESOURCE] (`pods/exec`, `deployments.apps`,
    /// `deployments.apps/scale`), or a non-resource URL starting with `/`.
    pub resource: String,
    /// Files or directories holding the manifests.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Decide the request in this namespace (default: list grants in every namespace).
    #[arg(long, short = 'n')]
    pub namespace: Option<String>,
    /// The object's name (rules with resourceNames match only named requests).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, value_enum, default_value_t = ViewFormat::Human)]
    pub format: ViewFormat,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Answer even for a verb or resource that no known API serves (an
    /// aggregated API's own verb, a CRD the input lacks).
    #[arg(long)]
    pub allow_unknown: bool,
}

#[derive(clap::Args, Debug)]
pub struct AccessArgs {
    /// The identity, e.g. system:serviceaccount:controller-system:my-controller.
    pub subject: String,
    /// Files or directories holding the manifests.
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    #[arg(long, value_enum, default_value_t = ViewFormat::Human)]
    pub format: ViewFormat,
    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Answer even for a subject written in a near miss of a notation
    /// (`ServiceAcount:NS/NAME`), as a user name.
    #[arg(long)]
    pub allow_unknown: bool,
}

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

/// Output format of the views.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewFormat {
    Human,
    Json,
}
