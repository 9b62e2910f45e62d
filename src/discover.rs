//! Which files to lint: explicit files as given, directories walked in sorted
//! order for `*.yaml`, `*.yml` and `*.json`, hidden directories skipped,
//! what `.gitignore`, `.ignore` and git's excludes ignore skipped (as ruff
//! and ripgrep do; `--no-ignore-vcs` turns that off), `--exclude` globs
//! applied, `-` for standard input. Helm chart templates are not manifests
//! until rendered: files under a chart's `templates/` are skipped with a note.
//! Test data (`test/`, `tests/`, `testdata/`, `e2e/` below a walked
//! directory) is not what a repository deploys: skipped with a note unless
//! `--include-test-data`; named files, and walks rooted at such a directory,
//! are linted. A walked file that does not parse is judged at load time
//! (see [`crate::not_manifest`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

/// Extensions linted when walking a directory.
pub const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Directory names that hold test inputs by convention (Go's `testdata`,
/// e2e and conformance suites, chainsaw and kuttl tests): broad or
/// placeholder RBAC there is the test's point, not what gets deployed.
pub const TEST_DATA_DIRS: &[&str] = &["test", "tests", "testdata", "e2e"];

/// A file to lint, by the name users see, with its bytes or why it has none.
#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub content: Content,
    /// Found by walking a directory, not named by the user: a walked file
    /// that does not parse and is not a manifest (see [`crate::not_manifest`])
    /// is skipped with a note instead of failing the run.
    pub walked: bool,
}

/// Where an input's bytes are.
#[derive(Debug)]
pub enum Content {
    /// Already read (standard input), or why they could not be.
    Read(Result<Vec<u8>, String>),
    /// A file on disk, read only when it is loaded: a run holds the bytes
    /// of the files being parsed, not of every file found.
    File(PathBuf),
}

impl Input {
    /// An input whose bytes are at hand.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Input {
            name: name.into(),
            content: Content::Read(Ok(bytes)),
            walked: false,
        }
    }

    /// An input that cannot be read, and why.
    fn unreadable(name: String, why: String) -> Self {
        Input {
            name,
            content: Content::Read(Err(why)),
            walked: false,
        }
    }

    /// The bytes, read from disk now for a file, or why there are none.
    pub fn bytes(self) -> Result<Vec<u8>, String> {
        match self.content {
            Content::Read(bytes) => bytes,
            Content::File(path) => fs::read(path).map_err(|e| format!("cannot read: {e}")),
        }
    }
}

/// Builds the exclude set; a bad glob is a usage error.
pub fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    build_glob_set(patterns, false)
}

/// A set of globs, each also matching everything below what it names;
/// with `literal_separator`, `*` and `?` do not match `/` (as in .gitignore).
fn build_glob_set(patterns: &[String], literal_separator: bool) -> Result<GlobSet, String> {
    let glob = |pattern: &str| {
        globset::GlobBuilder::new(pattern)
            .literal_separator(literal_separator)
            .build()
    };
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let compiled =
            glob(pattern).map_err(|e| format!("invalid --exclude glob `{pattern}`: {e}"))?;
        builder.add(compiled);
        // `vendor` also excludes everything below it.
        if let Ok(below) = glob(&format!("{}/**", pattern.trim_end_matches('/'))) {
            builder.add(below);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

fn display_name(path: &Path) -> String {
    let name = path.to_string_lossy();
    name.strip_prefix("./").unwrap_or(&name).to_string()
}

fn is_excluded(exclude: &GlobSet, path: &Path) -> bool {
    let name = display_name(path);
    exclude.is_match(&name) || path.file_name().is_some_and(|f| exclude.is_match(f))
}

fn has_lint_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// How to find the inputs.
#[derive(Debug, Clone)]
pub struct Options {
    pub exclude: GlobSet,
    /// The name to report for standard input.
    pub stdin_name: String,
    /// Skip what `.gitignore`, `.ignore` and git's excludes ignore when
    /// walking a directory (explicitly named files are always linted).
    pub respect_ignore_files: bool,
    /// Walk into [`TEST_DATA_DIRS`] too.
    pub include_test_data: bool,
}

impl Options {
    /// Defaults for `exclude`: ignore files respected, stdin as `<stdin>`.
    pub fn new(exclude: GlobSet) -> Self {
        Options {
            exclude,
            stdin_name: "<stdin>".into(),
            respect_ignore_files: true,
            include_test_data: false,
        }
    }
}

/// What discovery found: the inputs, and what to tell the user about paths
/// that gave none.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    /// Paths that do not exist: usage errors, not files checked.
    pub missing: Vec<String>,
    /// Warnings for stderr (a chart's templates skipped, nothing found).
    pub notes: Vec<String>,
}

/// Lists and reads the inputs, in a deterministic order: arguments in the
/// order given, each directory's files sorted by name.
pub fn discover(paths: &[String], options: &Options) -> Discovery {
    let mut found = Discovery::default();
    let mut charts = Vec::new();
    let mut test_data = Vec::new();
    for arg in paths {
        let before = found.inputs.len();
        if arg == "-" {
            found.inputs.push(read_stdin(&options.stdin_name));
            continue;
        }
        let path = Path::new(arg);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let skipped = walk(path, options, &mut found.inputs, &mut charts);
                test_data.extend(skipped);
            }
            Ok(_) => match helm_chart_of(path) {
                Some(chart) => charts.push(chart),
                None => found.inputs.push(on_disk(path)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                found
                    .missing
                    .push(format!("no such file or directory: {arg}"));
            }
            Err(e) => found.inputs.push(Input::unreadable(
                display_name(path),
                format!("cannot read: {e}"),
            )),
        }
        if found.inputs.len() == before && path.is_dir() {
            found.notes.push(format!(
                "no YAML or JSON manifests found in {arg} (after ignore files and --exclude)"
            ));
        }
    }
    charts.sort();
    charts.dedup();
    for chart in charts {
        found.notes.push(format!(
            "skipped the Helm chart templates in {}: they are not manifests until rendered; lint the output of `helm template` instead",
            display_name(&chart)
        ));
    }
    if let Some(note) = test_data_note(&test_data) {
        found.notes.push(note);
    }
    found
}

fn is_test_data_dir(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| TEST_DATA_DIRS.contains(&name))
}

/// The first few of `names` and how many more: `a, b, c and 4 more`.
pub fn first_names<S: AsRef<str>>(names: &[S]) -> String {
    const SHOWN: usize = 3;
    let shown: Vec<&str> = names.iter().take(SHOWN).map(AsRef::as_ref).collect();
    let mut list = shown.join(", ");
    if names.len() > SHOWN {
        list.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    list
}

/// One note for every test-data directory a walk skipped.
fn test_data_note(skipped: &[PathBuf]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let names = first_names(&skipped.iter().map(|d| display_name(d)).collect::<Vec<_>>());
    Some(format!(
        "skipped test data in {names}: manifests under test/, tests/, testdata/ and e2e/ are test inputs, not what is deployed; pass --include-test-data (or name the files) to lint them"
    ))
}

/// Standard input; empty input is an error, since a failed `kubectl` or
/// `helm` upstream in a pipe must not pass the gate.
fn read_stdin(name: &str) -> Input {
    let mut bytes = Vec::new();
    let bytes = match std::io::stdin().read_to_end(&mut bytes) {
        Ok(0) => Err("stdin was empty (did the command piping into rbaclint fail?)".to_string()),
        Ok(_) => Ok(bytes),
        Err(e) => Err(format!("cannot read standard input: {e}")),
    };
    Input {
        name: name.to_string(),
        content: Content::Read(bytes),
        walked: false,
    }
}

/// The `templates/` directory of a Helm chart that `path` lies in (a
/// `templates` directory with a `Chart.yaml` beside it), if any.
fn helm_chart_of(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| is_chart_templates(dir))
        .map(Path::to_path_buf)
}

fn is_chart_templates(dir: &Path) -> bool {
    dir.file_name().is_some_and(|name| name == "templates")
        && dir
            .parent()
            .is_some_and(|chart| chart.join("Chart.yaml").is_file())
}

/// Walks `root`, returning the test-data directories it skipped.
fn walk(
    root: &Path,
    options: &Options,
    inputs: &mut Vec<Input>,
    charts: &mut Vec<PathBuf>,
) -> Vec<PathBuf> {
    if let Some(chart) = helm_chart_of(&root.join("x")) {
        charts.push(chart);
        return Vec::new();
    }
    let respect = options.respect_ignore_files;
    let exclude = options.exclude.clone();
    // Asked for by name (`rbaclint check test/`): all of it is linted.
    let skip_test_data = !options.include_test_data && !is_test_data_dir(root);
    let skipped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = std::sync::Arc::clone(&skipped);
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .parents(respect)
        .ignore(respect)
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            if is_excluded(&exclude, entry.path()) {
                return false;
            }
            let is_test_data = skip_test_data
                && entry.file_type().is_some_and(|t| t.is_dir())
                && is_test_data_dir(entry.path());
            if is_test_data {
                if let Ok(mut skipped) = record.lock() {
                    skipped.push(entry.path().to_path_buf());
                }
            }
            !is_test_data
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                inputs.push(Input::unreadable(
                    display_name(root),
                    format!("cannot walk: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() && is_chart_templates(path) {
            charts.push(path.to_path_buf());
            continue;
        }
        if !has_lint_extension(path) || helm_chart_of(path).is_some() {
            continue;
        }
        if file_type.is_file() {
            inputs.push(walked(path));
        } else if file_type.is_symlink() {
            // Symlinks to files are linted; to directories, not followed.
            match fs::metadata(path) {
                Ok(meta) if meta.is_file() => inputs.push(walked(path)),
                Ok(_) => {}
                Err(e) => inputs.push(Input::unreadable(
                    display_name(path),
                    format!("broken symlink (dangling, or a loop): {e}"),
                )),
            }
        }
        // Directories named `x.yaml`, FIFOs, sockets and devices are skipped.
    }
    let skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    skipped
}

/// A file named by the user.
fn on_disk(path: &Path) -> Input {
    Input {
        name: display_name(path),
        content: Content::File(path.to_path_buf()),
        walked: false,
    }
}

/// A file a directory walk found.
fn walked(path: &Path) -> Input {
    Input {
        walked: true,
        ..on_disk(path)
    }
}

/// Globs from a config file, matched against input names made relative to
/// the config's directory (so `vendor/**` means the same wherever rbaclint
/// runs from), and against the bare file name.
#[derive(Debug, Clone)]
pub struct FileGlobs {
    set: GlobSet,
    /// The config's directory and the working directory, when both are known.
    root: Option<(std::path::PathBuf, std::path::PathBuf)>,
    empty: bool,
}

impl Default for FileGlobs {
    fn default() -> Self {
        FileGlobs {
            set: GlobSet::empty(),
            root: None,
            empty: true,
        }
    }
}

impl FileGlobs {
    /// `root` is the directory the globs are relative to (`None`: the working directory).
    pub fn new(patterns: &[String], root: Option<&Path>) -> Result<Self, String> {
        Ok(FileGlobs {
            set: build_glob_set(patterns, true).map_err(|e| e.replace("--exclude glob", "glob"))?,
            root: root
                .zip(std::env::current_dir().ok())
                .map(|(root, cwd)| (normalize(root), cwd)),
            empty: patterns.is_empty(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Whether the input called `name` (as reported) matches.
    pub fn is_match(&self, name: &str) -> bool {
        if self.empty {
            return false;
        }
        let path = Path::new(name);
        let relative = self.root.as_ref().and_then(|(root, cwd)| {
            let absolute = normalize(&cwd.join(path));
            absolute
                .strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().into_owned())
        });
        let relative = relative.unwrap_or_else(|| display_name(path));
        self.set.is_match(&relative) || path.file_name().is_some_and(|f| self.set.is_match(f))
    }
}

/// Removes `.` and folds `..` without touching the file system.
fn normalize(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
