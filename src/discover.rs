//! Which files to lint: explicit files as given, directories walked in sorted
//! order for `*.yaml`, `*.yml` and `*.json`, hidden directories skipped,
//! `--exclude` globs applied, `-` for standard input.

use std::fs;
use std::io::Read;
use std::path::Path;

use globset::{GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

/// Extensions linted when walking a directory.
pub const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// A file to lint, by the name users see, with its bytes or why it has none.
#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub bytes: Result<Vec<u8>, String>,
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

/// Lists and reads the inputs, in a deterministic order: arguments in the
/// order given, each directory's files sorted by name.
pub fn discover(paths: &[String], exclude: &GlobSet, stdin_name: &str) -> Vec<Input> {
    let mut inputs = Vec::new();
    for arg in paths {
        if arg == "-" {
            let mut bytes = Vec::new();
            let result = std::io::stdin()
                .read_to_end(&mut bytes)
                .map(|_| bytes)
                .map_err(|e| format!("cannot read standard input: {e}"));
            inputs.push(Input {
                name: stdin_name.to_string(),
                bytes: result,
            });
            continue;
        }
        let path = Path::new(arg);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, exclude, &mut inputs),
            Ok(_) => inputs.push(read(path)),
            Err(e) => inputs.push(Input {
                name: display_name(path),
                bytes: Err(format!("cannot read: {e}")),
            }),
        }
    }
    inputs
}

fn walk(root: &Path, exclude: &GlobSet, inputs: &mut Vec<Input>) {
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
            !hidden && (entry.depth() == 0 || !is_excluded(exclude, entry.path()))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let name = e.path().map_or_else(|| display_name(root), display_name);
                inputs.push(Input {
                    name,
                    bytes: Err(format!("cannot walk: {e}")),
                });
                continue;
            }
        };
        let path = entry.path();
        if !has_lint_extension(path) {
            continue;
        }
        let file_type = entry.file_type();
        if file_type.is_file() {
            inputs.push(read(path));
        } else if file_type.is_symlink() {
            // Symlinks to files are linted; to directories, not followed.
            match fs::metadata(path) {
                Ok(meta) if meta.is_file() => inputs.push(read(path)),
                Ok(_) => {}
                Err(e) => inputs.push(Input {
                    name: display_name(path),
                    bytes: Err(format!("broken symlink (dangling, or a loop): {e}")),
                }),
            }
        }
        // Directories named `x.yaml`, FIFOs, sockets and devices are skipped.
    }
}

fn read(path: &Path) -> Input {
    Input {
        name: display_name(path),
        bytes: fs::read(path).map_err(|e| format!("cannot read: {e}")),
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
