//! `.rbaclint.yaml`: for each linted file, the closest one in its directory
//! or the directories above (as ruff does), or the one named with
//! `--config` for every file. A config inherits another with `extend:`.
//!
//! What a nested config decides for the files it governs is how they are
//! linted: `rules`, `include`/`exclude`, `per-file-ignores`, `skip-objects`.
//! Settings of the whole run — `fail-on`, `complete`, `custom-verbs`,
//! `extra-apis`, `require-suppression-reason` — come from the config of the
//! working directory (found there or above it, or `--config`), since one run
//! has one exit status and one catalogue (ruff draws the same line). Rules'
//! options (and their `custom-verbs`/`extra-apis` shorthands) are the run's
//! too, and a nested config that sets one is an error rather than ignored.
//!
//! The file is read with rbaclint's own YAML loader so every node keeps its
//! span: any mistake — an unknown key, an unknown rule id, a bad level or
//! glob — is a [`ConfigError`] that miette renders pointing into the file.
//! The Rust types below are the single source of the JSON Schema published
//! as `rbaclint.schema.json` (see [`json_schema`]).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::discover::FileGlobs;
use crate::finding::{Finding, Kept, Severity};
use crate::node_de;
use crate::rule::{Extensions, OptionsError, ParsedOptions, Rule};
use crate::rule_list::unknown_rule_help;
use crate::rules::RULES;
use crate::settings::ObjectPattern;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Node};

/// Config file names looked for, in order, in each directory.
pub const FILE_NAMES: &[&str] = &[".rbaclint.yaml", ".rbaclint.yml"];

/// The rbaclint configuration file (`.rbaclint.yaml`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "rbaclint configuration")]
pub struct Config {
    /// Another config this one inherits (a path relative to this file's directory); the settings here override it.
    #[serde(default)]
    pub extend: Option<String>,
    /// Rules by id: `off`, a severity (`note`, `warning`, `error`), or a mapping of `severity` and the rule's own options.
    /// Read from the span tree by [`parse_rules`] (each rule's options are its
    /// own type), so serde only passes over it; [`json_schema`] describes it.
    #[serde(default, deserialize_with = "pass_over")]
    #[schemars(skip)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Lint only files matching one of these globs (relative to this file's directory). Empty: every file.
    #[serde(default)]
    pub include: Vec<String>,
    /// Never lint files matching these globs (relative to this file's directory), even when named on the command line.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Glob → rule ids (or `all`) not reported in matching files.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Objects never reported on, for vendored manifests nobody can annotate.
    #[serde(default)]
    pub skip_objects: Vec<ObjectSelector>,
    /// The lowest severity that fails the run (default `warning`).
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// Report inline suppressions without a reason as `unused-suppression`.
    #[serde(default)]
    pub require_suppression_reason: bool,
    /// The manifests are the whole RBAC set (like `--complete`): `missing-role-ref` reports roleRefs to roles they lack.
    #[serde(default)]
    pub complete: bool,
    /// Verbs your own authorizers check (an aggregated API's, a webhook's), which `unknown-verb` accepts: a shorthand that adds to `rules.unknown-verb.custom-verbs`.
    #[serde(default)]
    pub custom_verbs: Vec<String>,
    /// API group (`""` is core) → resources (`R` or `R/sub`) served by APIs the manifests do not define, which `unknown-resource` accepts: a shorthand that adds to `rules.unknown-resource.extra-apis`.
    #[serde(default)]
    pub extra_apis: BTreeMap<String, Vec<String>>,
    /// Leave Kubernetes' bootstrap objects unlinted and user-facing roles (aggregated into admin/edit/view) out of the controller rules (default `true`; `false` is `--no-exemptions`).
    #[serde(default)]
    pub exemptions: Option<bool>,
    /// Also lint RBAC objects the API server would refuse (their `invalid-object` finding stays); by default they grant nothing and no other rule looks at them.
    #[serde(default)]
    pub lint_refused_objects: bool,
}

/// Accepts any value: a field that [`parse`] reads from the span tree.
fn pass_over<'de, D: serde::Deserializer<'de>, T: Default>(d: D) -> Result<T, D::Error> {
    serde::de::IgnoredAny::deserialize(d)?;
    Ok(T::default())
}

/// A rule's setting: a level (`None`: the mapping leaves it as it is), and
/// the rule's own options when the mapping gives any.
#[derive(Clone, Default)]
pub struct RuleSetting {
    pub level: Option<Level>,
    pub options: Option<ParsedOptions>,
}

impl RuleSetting {
    /// Takes what this setting leaves out from `base`; both options apply
    /// (the base's first), so lists add up as the top-level shorthands do.
    fn inherit(&mut self, base: RuleSetting) {
        self.level = self.level.or(base.level);
        self.options = match (self.options.take(), base.options) {
            (Some(mine), Some(base)) => Some(Arc::new(move |extensions: &mut Extensions| {
                base(extensions);
                mine(extensions);
            })),
            (mine, base) => mine.or(base),
        };
    }
}

impl fmt::Debug for RuleSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleSetting")
            .field("level", &self.level)
            .field("options", &self.options.as_ref().map(|_| ".."))
            .finish()
    }
}

/// A rule's level: off, or on at a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Note => Some(Severity::Note),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// The lowest severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

/// Objects to skip; each field is a glob, an absent field matches anything.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectSelector {
    /// e.g. `ClusterRole`.
    pub kind: Option<String>,
    /// e.g. `kube-system`; cluster-scoped objects have the empty namespace.
    pub namespace: Option<String>,
    /// e.g. `system:*`.
    pub name: Option<String>,
}

/// A config file that was read and validated.
#[derive(Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub config: Config,
    /// The text, for errors found after parsing (an `extend` cycle).
    source: SourceFile,
    include: FileGlobs,
    exclude: FileGlobs,
    per_file_ignores: Vec<(FileGlobs, Vec<String>)>,
    skip_objects: Vec<ObjectPattern>,
    /// This config's file and the files it extends (each once, by identity).
    files: Vec<PathBuf>,
    /// Where this config and the ones it extends set rules' options.
    rule_options: Vec<RuleOptionSite>,
}

/// Where a config file sets a rule's option (`rules.<id>.<option>`, or the
/// `custom-verbs`/`extra-apis` shorthands). Options are run-wide, so only
/// the run's config (and the configs it extends) may set them.
#[derive(Debug, Clone)]
struct RuleOptionSite {
    /// The identity of the file that writes it.
    file: PathBuf,
    source: SourceFile,
    /// The option's key.
    span: Span,
    /// How the config names it: `rules.unknown-verb.custom-verbs`.
    name: String,
}

/// A config file that cannot be used, with the span at fault.
#[derive(Debug)]
pub struct ConfigError {
    pub source: SourceFile,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

/// The closest config file in `dir` or its parents.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| FILE_NAMES.iter().map(move |name| d.join(name)))
        .find(|p| p.is_file())
}

/// The configs of one run: the working directory's (or `--config`'s), and
/// each linted file's closest one, loaded once per file found.
#[derive(Debug, Default)]
pub struct Configs {
    /// Every config loaded; the run's own is first, when there is one.
    pub loaded: Vec<LoadedConfig>,
    /// `--config` (or `--no-config`): one choice for every file.
    fixed: bool,
    /// The config governing each directory looked at (an index in `loaded`).
    by_dir: std::collections::HashMap<PathBuf, Option<usize>>,
}

impl Configs {
    /// `run`: the run's config; `fixed`: it governs every file (`--config`,
    /// `--no-config`), else each file's closest config does.
    pub fn new(run: Option<LoadedConfig>, fixed: bool) -> Self {
        Configs {
            loaded: run.into_iter().collect(),
            fixed,
            by_dir: Default::default(),
        }
    }

    /// The run's own config (the working directory's, or `--config`).
    pub fn run_config(&self) -> Option<&LoadedConfig> {
        self.loaded.first()
    }

    /// The index in [`Configs::loaded`] of the config governing the file
    /// reported as `name` (relative to the working directory, or absolute).
    pub fn governing(&mut self, name: &str) -> Result<Option<usize>, Box<ConfigError>> {
        if self.fixed {
            return Ok((!self.loaded.is_empty()).then_some(0));
        }
        let Some(dir) = std::path::absolute(name)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            return Ok((!self.loaded.is_empty()).then_some(0));
        };
        if let Some(known) = self.by_dir.get(&dir) {
            return Ok(*known);
        }
        let found = match discover(&dir) {
            None => None,
            Some(path) => match self.loaded.iter().position(|c| c.path == path) {
                Some(i) => Some(i),
                None => {
                    let loaded = load(&path)?;
                    self.refuse_rule_options(&loaded)?;
                    self.loaded.push(loaded);
                    Some(self.loaded.len() - 1)
                }
            },
        };
        self.by_dir.insert(dir, found);
        Ok(found)
    }

    /// A config that governs only some of the files cannot set rules'
    /// options: they are the run's (one vocabulary, one catalogue for every
    /// file), and applying them to the whole run from such a config would
    /// let it decide for files it does not govern. Options it inherits
    /// from the run's config (or a config that one extends) are the run's.
    fn refuse_rule_options(&self, config: &LoadedConfig) -> Result<(), Box<ConfigError>> {
        let run_files = self.run_config().map_or(&[][..], |run| &run.files[..]);
        let Some(site) = config
            .rule_options
            .iter()
            .find(|site| !run_files.contains(&site.file))
        else {
            return Ok(());
        };
        Err(Box::new(ConfigError {
            source: site.source.clone(),
            span: Some(site.span),
            message: format!(
                "rule options are run-wide: `{}` belongs in the run's config, not in a config that governs only some of the files",
                site.name
            ),
            help: Some(
                "the run's config is the working directory's `.rbaclint.yaml` (found there or above it) or the one named with `--config`; move the option there, or run rbaclint from this config's directory".into(),
            ),
        }))
    }
}

/// Applies each file's own lint settings to findings of a run made with
/// every rule any of them enables (`by_file[file]`, `None`: the run's):
/// a rule off for the file drops its findings there, the file's severity
/// replaces the run's, and the file's config's per-file ignores and skipped
/// objects suppress.
pub fn apply_per_file(
    mut findings: Vec<Finding>,
    files: &[SourceFile],
    by_file: &[&Settings],
) -> Kept {
    let before = findings.len();
    let mut off = 0;
    findings.retain_mut(|finding| {
        let settings = by_file[finding.file()];
        match settings.severity(finding.rule) {
            None => {
                off += 1;
                false
            }
            Some(severity) => {
                finding.severity = severity;
                !(settings.suppressions).ignores(finding, &files[finding.file()].name)
            }
        }
    });
    let removed = before - findings.len() - off;
    Kept { findings, removed }
}

/// Reads and validates the config at `path`, and the configs it extends.
pub fn load(path: &Path) -> Result<LoadedConfig, Box<ConfigError>> {
    load_extending(path, &mut Vec::new())
}

/// [`load`], with the chain of configs that extend this one (to find cycles).
fn load_extending(path: &Path, chain: &mut Vec<PathBuf>) -> Result<LoadedConfig, Box<ConfigError>> {
    let mut loaded = read(path)?;
    let Some(extend) = loaded.config.extend.clone() else {
        return Ok(loaded);
    };
    let span = loaded.extend_span();
    let error = |message: String, help: Option<String>| {
        Box::new(ConfigError {
            source: loaded.source.clone(),
            span,
            message,
            help,
        })
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let parent = std::path::absolute(dir.join(&extend)).unwrap_or_else(|_| dir.join(&extend));
    let me = identity(path);
    chain.push(me);
    if chain.contains(&identity(&parent)) {
        let names: Vec<String> = chain
            .iter()
            .chain([&identity(&parent)])
            .map(|p| p.display().to_string())
            .collect();
        return Err(error(
            format!("`extend` makes a cycle: {}", names.join(" → ")),
            Some("a config may extend only configs that do not extend it back".into()),
        ));
    }
    if !parent.is_file() {
        return Err(error(
            format!("`extend`: no config file at {}", parent.display()),
            Some("the path is relative to this config's directory".into()),
        ));
    }
    let base = load_extending(&parent, chain)?;
    chain.pop();
    loaded.inherit(base);
    Ok(loaded)
}

/// A path that names one file however it was written (canonical when it exists).
fn identity(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads and validates one config file (not the configs it extends).
fn read(path: &Path) -> Result<LoadedConfig, Box<ConfigError>> {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let name = shown
        .as_deref()
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        source: SourceFile::new(name.clone(), ""),
        span: None,
        message: format!("cannot read config {name}: {e}"),
        help: None,
    })?;
    parse(path, SourceFile::new(name, text))
}

/// Validates a config's text; `path` locates its globs.
pub fn parse(path: &Path, source: SourceFile) -> Result<LoadedConfig, Box<ConfigError>> {
    let error = |span: Option<Span>, message: String, help: Option<String>| {
        Box::new(ConfigError {
            source: source.clone(),
            span,
            message,
            help,
        })
    };
    // rbaclint's own file, read by the YAML 1.2 core schema (`off` is a word).
    let stream = yaml::parse_stream_with(&source.text, 0, yaml::Schema::Core);
    if let Some(err) = stream.error {
        let span = Span::new(err.offset, err.offset);
        return Err(error(
            Some(span),
            format!("invalid YAML: {}", err.message),
            None,
        ));
    }
    if let Some(second) = stream.documents.get(1) {
        let span = second.root.as_ref().map(|n| n.span);
        return Err(error(
            span,
            "a config file holds one YAML document".into(),
            None,
        ));
    }
    let document = stream.documents.into_iter().next();
    if let Some(duplicate) = document.as_ref().and_then(|d| d.duplicate_keys.first()) {
        return Err(error(
            Some(duplicate.second),
            format!("key `{}` appears twice", duplicate.key),
            Some("delete one of them".into()),
        ));
    }
    let root = document.and_then(|d| d.root);
    let mut config: Config = match &root {
        None => Config::default(),
        Some(root) => node_de::from_node(root, "").map_err(|err| deserialize_error(err, &error))?,
    };
    let root = root.unwrap_or(Node {
        kind: yaml::NodeKind::Map(Vec::new()),
        span: Span::default(),
    });
    let problem = |span: Span, message: String, help: &str| {
        error(Some(span), message, Some(help.to_string()))
    };
    if let Some(rules) = root.get("rules") {
        config.rules = parse_rules(rules, &error)?;
    }
    let dir = path.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    });
    let dir = dir.and_then(|d| std::path::absolute(d).ok());
    let globs = |key: &str, patterns: &[String]| {
        FileGlobs::new(patterns, dir.as_deref()).map_err(|message| {
            problem(
                root.get(key).map_or(root.span, |n| n.span),
                message,
                "globs use `*`, `**`, `?`, `[abc]` and `{a,b}`",
            )
        })
    };
    let include = globs("include", &config.include)?;
    let exclude = globs("exclude", &config.exclude)?;
    let mut per_file_ignores = Vec::new();
    for entry in root
        .get("per-file-ignores")
        .map(Node::entries)
        .unwrap_or(&[])
    {
        let pattern = entry.key.as_str().unwrap_or("").to_string();
        let set = FileGlobs::new(std::slice::from_ref(&pattern), dir.as_deref())
            .map_err(|m| problem(entry.key.span, m, "globs use `*`, `**`, `?`"))?;
        let mut ids = Vec::new();
        for item in entry.value.items() {
            let id = item.as_str().unwrap_or("");
            if id != "all" && crate::rules::find(id).is_none() {
                return Err(problem(
                    item.span,
                    format!("unknown rule `{id}`"),
                    &unknown_rule_help(id, &["all"]),
                ));
            }
            ids.push(id.to_string());
        }
        per_file_ignores.push((set, ids));
    }
    let mut skip_objects = Vec::new();
    let selectors = root.get("skip-objects").map(Node::items).unwrap_or(&[]);
    for (selector, node) in config.skip_objects.iter().zip(selectors) {
        let glob = |field: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(ObjectPattern::glob)
                .transpose()
                .map_err(|m| {
                    problem(
                        node.get(field).map_or(node.span, |n| n.span),
                        m,
                        "e.g. `system:*`",
                    )
                })
        };
        let pattern = ObjectPattern {
            kind: glob("kind", &selector.kind)?,
            namespace: glob("namespace", &selector.namespace)?,
            name: glob("name", &selector.name)?,
        };
        if pattern.kind.is_none() && pattern.namespace.is_none() && pattern.name.is_none() {
            return Err(problem(
                node.span,
                "an empty selector would skip every object".into(),
                "give at least one of `kind`, `namespace`, `name`",
            ));
        }
        skip_objects.push(pattern);
    }
    let file = identity(path);
    let rule_options = rule_option_keys(&root)
        .into_iter()
        .map(|(name, span)| RuleOptionSite {
            file: file.clone(),
            source: source.clone(),
            span,
            name,
        })
        .collect();
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        config,
        source,
        include,
        exclude,
        per_file_ignores,
        skip_objects,
        files: vec![file],
        rule_options,
    })
}

/// The keys with which a config sets rules' options, in document order,
/// each with its name in the config: `rules.<id>.<option>` (any key of a
/// rule's mapping but `severity`) and the top-level shorthands.
fn rule_option_keys(root: &Node) -> Vec<(String, Span)> {
    let key = |entry: &yaml::Entry| entry.key.as_str().unwrap_or("").to_string();
    let shorthands = root
        .entries()
        .iter()
        .filter(|entry| matches!(entry.key.as_str(), Some("custom-verbs" | "extra-apis")))
        .map(|entry| (key(entry), entry.key.span));
    let options = root
        .get("rules")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .flat_map(|rule| {
            let options = rule.value.entries().iter();
            let options = options.filter(|entry| entry.key.as_str() != Some("severity"));
            options.map(move |entry| {
                (
                    format!("rules.{}.{}", key(rule), key(entry)),
                    entry.key.span,
                )
            })
        });
    let mut keys: Vec<(String, Span)> = shorthands.chain(options).collect();
    keys.sort_by_key(|(_, span)| span.start);
    keys
}

/// The config's `rules:` mapping: each rule's level, and its own options
/// read through the span tree (errors point at the key or value at fault).
fn parse_rules(
    rules: &Node,
    error: &dyn Fn(Option<Span>, String, Option<String>) -> Box<ConfigError>,
) -> Result<BTreeMap<String, RuleSetting>, Box<ConfigError>> {
    if !matches!(rules.kind, yaml::NodeKind::Map(_)) {
        return Err(error(
            Some(rules.span),
            "`rules` maps rule ids to their settings".into(),
            Some("e.g. `rules: {wildcard-verbs: error}`".into()),
        ));
    }
    let mut settings = BTreeMap::new();
    for entry in rules.entries() {
        let id = entry.key.as_str().unwrap_or("");
        let Some(rule) = crate::rules::find(id) else {
            return Err(error(
                Some(entry.key.span),
                format!("unknown rule `{id}`"),
                Some(unknown_rule_help(id, &[])),
            ));
        };
        settings.insert(
            id.to_string(),
            parse_rule_setting(rule, &entry.value, error)?,
        );
    }
    Ok(settings)
}

/// One rule's setting: a level, or a mapping of `severity` and its options.
fn parse_rule_setting(
    rule: &Rule,
    node: &Node,
    error: &dyn Fn(Option<Span>, String, Option<String>) -> Box<ConfigError>,
) -> Result<RuleSetting, Box<ConfigError>> {
    let id = rule.id;
    let invalid = |err: OptionsError| {
        let at = err.path().to_string();
        let err = err.into_inner();
        error(err.span(), format!("rule `{id}`: `{at}`: {err}"), None)
    };
    if !matches!(node.kind, yaml::NodeKind::Map(_)) {
        let level = node_de::from_node::<Level>(node, "").map_err(|_| {
            error(
                Some(node.span),
                format!("invalid setting for rule at `rules.{id}`"),
                Some("write `off`, `note`, `warning`, `error`, or a mapping of `severity` and the rule's options".into()),
            )
        })?;
        return Ok(RuleSetting {
            level: Some(level),
            options: None,
        });
    }
    let keys = option_keys(rule);
    for entry in node.entries() {
        let key = entry.key.as_str().unwrap_or("");
        if !keys.iter().any(|k| k == key) {
            let expected = keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = match crate::suggest::did_you_mean(key, keys.iter().map(String::as_str)) {
                Some(near) => format!("{near} (rule `{id}` takes {expected})"),
                None => format!("rule `{id}` takes {expected}"),
            };
            return Err(error(
                Some(entry.key.span),
                format!("rule `{id}` has no option `{key}`"),
                Some(help),
            ));
        }
    }
    let level = node
        .get("severity")
        .map(|severity| {
            node_de::from_node::<Level>(severity, "").map_err(|err| {
                let err = err.into_inner();
                error(err.span(), format!("rule `{id}`: `severity`: {err}"), None)
            })
        })
        .transpose()?;
    let options = match rule.options {
        Some(declared) => Some((declared.parse)(node).map_err(invalid)?),
        None => None,
    };
    Ok(RuleSetting { level, options })
}

/// The keys a rule's config mapping takes: `severity`, then its options.
fn option_keys(rule: &Rule) -> Vec<String> {
    let mut keys = vec!["severity".to_string()];
    if let Some(declared) = rule.options {
        let mut generator = schemars::generate::SchemaGenerator::default();
        let schema = (declared.schema)(&mut generator);
        if let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) {
            keys.extend(properties.keys().cloned());
        }
    }
    keys
}

/// A deserialization error as a config error at the node at fault; an
/// unknown key gets the nearest known one and the keys taken, in the
/// order they are declared.
fn deserialize_error(
    err: serde_path_to_error::Error<node_de::Error>,
    error: &dyn Fn(Option<Span>, String, Option<String>) -> Box<ConfigError>,
) -> Box<ConfigError> {
    let element = err.path().to_string();
    let err = err.into_inner();
    if let Some(unknown) = err.unknown_key() {
        let expected = node_de::OneOf(unknown.expected);
        let help =
            match crate::suggest::did_you_mean(&unknown.key, unknown.expected.iter().copied()) {
                Some(near) => format!("{near} (expected {expected})"),
                None => format!("expected {expected}"),
            };
        return error(
            err.span(),
            format!("unknown key `{}`", unknown.key),
            Some(help),
        );
    }
    let message = match element.as_str() {
        "." => err.to_string(),
        _ => format!("`{element}`: {err}"),
    };
    error(err.span(), message, None)
}

impl LoadedConfig {
    /// Where `extend:`'s value is written.
    fn extend_span(&self) -> Option<Span> {
        let stream = yaml::parse_stream(&self.source.text, 0);
        let root = stream.documents.into_iter().next()?.root?;
        root.get("extend").map(|n| n.span)
    }

    /// Takes from `base` what this config does not set: its rules (this
    /// config's levels win), `fail-on`, `include`/`exclude` when this one has
    /// none; ignores, skipped objects, custom verbs and extra APIs add up;
    /// `complete` and `require-suppression-reason` hold when either sets them.
    fn inherit(&mut self, base: LoadedConfig) {
        let mine = &mut self.config;
        for (id, base_setting) in base.config.rules {
            match mine.rules.entry(id) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(base_setting);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    slot.get_mut().inherit(base_setting)
                }
            }
        }
        mine.fail_on = mine.fail_on.or(base.config.fail_on);
        if mine.include.is_empty() {
            mine.include = base.config.include;
            self.include = base.include;
        }
        if mine.exclude.is_empty() {
            mine.exclude = base.config.exclude;
            self.exclude = base.exclude;
        }
        mine.complete |= base.config.complete;
        mine.require_suppression_reason |= base.config.require_suppression_reason;
        mine.custom_verbs.extend(base.config.custom_verbs);
        for (group, resources) in base.config.extra_apis {
            mine.extra_apis.entry(group).or_default().extend(resources);
        }
        let mut ignores = base.per_file_ignores;
        ignores.append(&mut self.per_file_ignores);
        self.per_file_ignores = ignores;
        self.skip_objects.extend(base.skip_objects);
        for file in base.files {
            if !self.files.contains(&file) {
                self.files.push(file);
            }
        }
        self.rule_options.extend(base.rule_options);
    }

    /// Writes the config's choices into `settings` (the CLI applies its own flags after).
    pub fn apply(&self, settings: &mut Settings) {
        for (id, setting) in &self.config.rules {
            if let Some(level) = setting.level {
                let id = id.parse().expect("ids are checked when the config is read");
                settings.set(id, level.severity());
            }
        }
        if let Some(fail_on) = self.config.fail_on {
            settings.fail_on = fail_on.severity();
        }
        let policy = &mut settings.suppressions;
        policy.require_reasons = self.config.require_suppression_reason;
        policy.per_file_ignores = self.per_file_ignores.clone();
        policy.skip_objects = self.skip_objects.clone();
        settings.complete = self.config.complete;
        let exemptions = self.config.exemptions.unwrap_or(true);
        settings.skip_bootstrap_objects = exemptions;
        settings.exempt_user_facing_roles = exemptions;
        settings.lint_refused_objects = self.config.lint_refused_objects;
        // The top-level shorthands, then the rules' own options adding to them.
        let extensions = &mut settings.extensions;
        extensions.custom_verbs = self.config.custom_verbs.clone();
        extensions.extra_apis = self
            .config
            .extra_apis
            .iter()
            .flat_map(|(group, resources)| {
                resources.iter().map(move |r| (group.clone(), r.clone()))
            })
            .collect();
        for setting in self.config.rules.values() {
            if let Some(options) = &setting.options {
                options(extensions);
            }
        }
    }

    /// Whether an input (by reported name) is linted under `include`/`exclude`.
    pub fn lints(&self, name: &str) -> bool {
        (self.include.is_empty() || self.include.is_match(name)) && !self.exclude.is_match(name)
    }
}

/// The JSON Schema of the config, with the registry's rule ids filled in
/// and each rule's setting built from its declared options.
pub fn json_schema() -> String {
    let mut generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let level = generator.subschema_for::<Level>().to_value();
    // A rule's mapping: `severity` and the options the rule declares.
    let mapping = |options: Option<serde_json::Value>| {
        let mut mapping = options.unwrap_or_else(
            || serde_json::json!({ "type": "object", "additionalProperties": false }),
        );
        mapping
            .as_object_mut()
            .expect("options are an object")
            .remove("title");
        let mut properties = serde_json::Map::new();
        properties.insert(
            "severity".into(),
            serde_json::json!({ "allOf": [level], "description": "`off`, `note`, `warning` or `error`." }),
        );
        if let Some(options) = mapping["properties"].as_object() {
            properties.extend(options.clone());
        }
        mapping["properties"] = properties.into();
        serde_json::json!({ "anyOf": [level, mapping] })
    };
    let mut per_rule = serde_json::Map::new();
    for rule in RULES {
        let setting = match rule.options {
            Some(declared) => mapping(Some((declared.schema)(&mut generator).to_value())),
            None => serde_json::json!({ "$ref": "#/definitions/RuleSetting" }),
        };
        per_rule.insert(rule.id.as_str().into(), setting);
    }
    let mut without_options = mapping(None);
    without_options["description"] =
        "A rule's setting: a level, or a mapping of its severity.".into();
    let mut schema = generator.root_schema_for::<Config>().to_value();
    let ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    let mut with_all = ids.clone();
    with_all.push("all");
    schema["$id"] = "https://github.com/rbaclint/rbaclint/raw/main/rbaclint.schema.json".into();
    schema["properties"]["rules"] = serde_json::json!({
        "description": "Rules by id: `off`, a severity (`note`, `warning`, `error`), or a mapping of `severity` and the rule's own options.",
        "type": "object",
        "properties": per_rule,
        "additionalProperties": false,
    });
    schema["definitions"]["RuleSetting"] = without_options;
    schema["properties"]["per-file-ignores"]["additionalProperties"]["items"] =
        serde_json::json!({ "enum": with_all });
    let mut out = serde_json::to_string_pretty(&schema).expect("schema serializes");
    out.push('\n');
    out
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid config {}: {}", self.source.name, self.message)?;
        if let Some(span) = self.span {
            let at = self.source.position(span.start);
            write!(f, " (line {}, column {})", at.line, at.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("config-error"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.map(|_| &self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), span),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_id::RuleId;

    fn check(text: &str) -> Result<LoadedConfig, Box<ConfigError>> {
        parse(
            Path::new(".rbaclint.yaml"),
            SourceFile::new(".rbaclint.yaml", text),
        )
    }

    fn error_at(text: &str) -> (String, String) {
        let err = check(text).unwrap_err();
        let span = err.span.unwrap();
        (err.message, text[span.start..span.end].to_string())
    }

    #[test]
    fn a_full_config_is_accepted_and_applied() {
        let loaded = check(
            "rules:\n  wildcard-verbs: off\n  status-not-separated: error\n  broad-api-groups: {severity: note}\nfail-on: error\nper-file-ignores:\n  'vendor/**': [all]\nskip-objects:\n- {kind: ClusterRole, name: 'system:*'}\n",
        )
        .unwrap();
        let mut settings = Settings::default();
        loaded.apply(&mut settings);
        assert_eq!(settings.severity(RuleId::WildcardVerbs), None);
        assert_eq!(
            settings.severity(RuleId::StatusNotSeparated),
            Some(Severity::Error)
        );
        assert_eq!(
            settings.severity(RuleId::BroadApiGroups),
            Some(Severity::Note)
        );
        assert!(!settings.fails(Severity::Warning));
        assert_eq!(settings.suppressions.skip_objects.len(), 1);
    }

    #[test]
    fn exemptions_stay_on_unless_the_config_turns_them_off() {
        let mut settings = Settings::default();
        check("fail-on: error\n").unwrap().apply(&mut settings);
        assert!(settings.skip_bootstrap_objects && settings.exempt_user_facing_roles);
        check("exemptions: false\n").unwrap().apply(&mut settings);
        assert!(!settings.skip_bootstrap_objects && !settings.exempt_user_facing_roles);
    }

    #[test]
    fn errors_point_at_the_element() {
        assert_eq!(
            error_at("rules:\n  wildcard-verb: off\n"),
            (
                "unknown rule `wildcard-verb`".into(),
                "wildcard-verb".into()
            )
        );
        assert_eq!(
            error_at("rulez: {}\n"),
            ("unknown key `rulez`".into(), "rulez".into())
        );
        let (message, at) = error_at("rules:\n  wildcard-verbs: loud\n");
        assert!(message.contains("rules.wildcard-verbs"), "{message}");
        assert_eq!(at, "loud");
        let (message, at) = error_at("rules:\n  broad-api-groups: {severity: nope}\n");
        assert!(
            message.starts_with("rule `broad-api-groups`: "),
            "{message}"
        );
        assert_eq!(at, "nope");
        let (_, at) = error_at("fail-on: sometimes\n");
        assert_eq!(at, "sometimes");
        let (_, at) = error_at("skip-objects:\n- {name: 'a[', kind: Role}\n");
        assert_eq!(at, "'a['");
        let (_, at) = error_at("per-file-ignores:\n  x.yaml: [nope]\n");
        assert_eq!(at, "nope");
        assert_eq!(
            error_at("rules:\n  wildcard-verbs: off\n  wildcard-verbs: error\n"),
            (
                "key `wildcard-verbs` appears twice".into(),
                "wildcard-verbs".into()
            )
        );
        let (_, at) = error_at("skip-objects:\n- {kind: Role, nmae: x}\n");
        assert_eq!(at, "nmae");
    }

    /// The key's own node, not the first key with the same text.
    #[test]
    fn an_unknown_key_is_located_by_its_node() {
        let text = "skip-objects:\n- {names: x}\nper-file-ignores: {'names': [all]}\n";
        let err = check(text).unwrap_err();
        assert_eq!(err.message, "unknown key `names`");
        assert_eq!(err.span.unwrap().start, text.find("names").unwrap());
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `name`? (expected one of `kind`, `namespace`, `name`)")
        );
    }

    #[test]
    fn a_level_that_is_not_a_word_lists_the_levels() {
        assert_eq!(
            error_at("fail-on: {error: ~}\n"),
            (
                "`fail-on`: invalid type: map, expected one of `error`, `warning`, `note`, `never`"
                    .into(),
                "{error: ~}".into()
            )
        );
        assert_eq!(
            error_at("rules:\n  broad-api-groups: {severity: 3}\n"),
            (
                "rule `broad-api-groups`: `severity`: invalid type: integer `3`, expected one of `off`, `note`, `warning`, `error`"
                    .into(),
                "3".into()
            )
        );
    }

    #[test]
    fn a_rules_options_are_read_and_merged_with_the_shorthands() {
        let loaded = check(
            "custom-verbs: [a]\nextra-apis: {'': [gadgets]}\nrules:\n  unknown-verb: {custom-verbs: [b]}\n  unknown-resource:\n    severity: error\n    extra-apis: {'': [widgets], example.com: [things/status]}\n",
        )
        .unwrap();
        let mut settings = Settings::default();
        loaded.apply(&mut settings);
        assert_eq!(settings.extensions.custom_verbs, ["a", "b"]);
        assert_eq!(
            settings.severity(RuleId::UnknownVerb),
            Some(Severity::Warning)
        );
        assert_eq!(
            settings.severity(RuleId::UnknownResource),
            Some(Severity::Error)
        );
        let apis: Vec<(&str, &str)> = settings
            .extensions
            .extra_apis
            .iter()
            .map(|(g, r)| (g.as_str(), r.as_str()))
            .collect();
        assert_eq!(
            apis,
            [
                ("", "gadgets"),
                ("", "widgets"),
                ("example.com", "things/status")
            ]
        );
    }

    #[test]
    fn a_rules_option_errors_point_at_the_key_or_value() {
        let (message, at) = error_at("rules:\n  unknown-verb: {custom-verb: [x]}\n");
        assert_eq!(message, "rule `unknown-verb` has no option `custom-verb`");
        assert_eq!(at, "custom-verb");
        let err = check("rules:\n  unknown-verb: {custom-verb: [x]}\n").unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `custom-verbs`? (rule `unknown-verb` takes `severity`, `custom-verbs`)")
        );
        let (message, at) = error_at("rules:\n  wildcard-verbs: {custom-verbs: [x]}\n");
        assert_eq!(
            message,
            "rule `wildcard-verbs` has no option `custom-verbs`"
        );
        assert_eq!(at, "custom-verbs");
        let (message, at) = error_at("rules:\n  unknown-verb:\n    custom-verbs: approve\n");
        assert_eq!(
            message,
            "rule `unknown-verb`: `custom-verbs`: invalid type: string \"approve\", expected a sequence"
        );
        assert_eq!(at, "approve");
        let (_, at) = error_at("rules:\n  unknown-resource: {extra-apis: {'': [a, 3]}}\n");
        assert_eq!(at, "3");
        let (_, at) = error_at("rules: [wildcard-verbs]\n");
        assert_eq!(at, "[wildcard-verbs]");
    }
}
