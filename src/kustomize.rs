//! Kustomize bases: `kustomize build` fills in the namespaces a manifest
//! leaves out when a kustomization that sets `namespace:` includes it. That
//! kustomization is either in the file's directory or a parent's, or an
//! overlay elsewhere that lists the file's directory (directly or through
//! other kustomizations) under `resources`, `bases` or `components`, as
//! kubebuilder's `config/default` lists `../rbac`.
//!
//! Overlays are looked for among the input files and, inside a git
//! repository, in the directories beside each parent of the file up to the
//! repository's root (where `config/default` sits beside `config/rbac`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::source::SourceFile;
use crate::yaml;

/// The file names kustomize reads in a directory.
const KUSTOMIZATION_FILES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The keys of a kustomization that include other files or directories.
const INCLUDES: &[&str] = &["resources", "bases", "components"];

/// Per file (in order): whether it is a file on disk that a kustomization
/// setting `namespace:` includes. Standard input and missing paths are not.
pub fn namespaced_bases(files: &[SourceFile]) -> Vec<bool> {
    let mut dirs = Kustomizations::default();
    let paths: Vec<Option<PathBuf>> = files
        .iter()
        .map(|file| {
            let path = Path::new(&file.name);
            path.is_file()
                .then(|| std::path::absolute(path).ok())
                .flatten()
                .map(|path| normalize(&path))
        })
        .collect();
    let mut overlays: Vec<PathBuf> = Vec::new();
    for path in paths.iter().flatten() {
        if is_kustomization_file(path) {
            overlays.extend(path.parent().map(Path::to_path_buf));
        }
        overlays.extend(dirs.beside_parents(path));
    }
    let reached = dirs.reached_by_namespacing(overlays);
    paths
        .iter()
        .map(|path| {
            path.as_deref().is_some_and(|path| {
                reached.contains(path)
                    || path
                        .ancestors()
                        .skip(1)
                        .any(|dir| reached.contains(dir) || dirs.sets_namespace(dir))
            })
        })
        .collect()
}

fn is_kustomization_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| KUSTOMIZATION_FILES.contains(&n))
}

/// What a directory's kustomization says, read once per directory.
#[derive(Debug, Clone, Default)]
struct Kustomization {
    sets_namespace: bool,
    /// The `resources`, `bases` and `components` entries that are local
    /// paths, resolved against the directory.
    includes: Vec<PathBuf>,
}

#[derive(Default)]
struct Kustomizations {
    by_dir: HashMap<PathBuf, Option<Kustomization>>,
    /// Directories whose neighbours were already searched for overlays.
    searched: HashSet<PathBuf>,
}

impl Kustomizations {
    /// The kustomization of `dir`, if it has one.
    fn of(&mut self, dir: &Path) -> Option<&Kustomization> {
        self.by_dir
            .entry(dir.to_path_buf())
            .or_insert_with(|| read(dir))
            .as_ref()
    }

    fn sets_namespace(&mut self, dir: &Path) -> bool {
        self.of(dir).is_some_and(|k| k.sets_namespace)
    }

    /// The directories with a kustomization beside each parent of `file`,
    /// up to the root of the git repository holding it (none outside one:
    /// there is no bound on how far to look).
    fn beside_parents(&mut self, file: &Path) -> Vec<PathBuf> {
        let Some(parent) = file.parent() else {
            return Vec::new();
        };
        if self.searched.contains(parent) {
            return Vec::new();
        }
        let Some(root) = crate::repository::git_root(parent) else {
            self.searched.insert(parent.to_path_buf());
            return Vec::new();
        };
        let mut found = Vec::new();
        for dir in file.ancestors().skip(1) {
            if self.searched.insert(dir.to_path_buf()) {
                let Ok(entries) = std::fs::read_dir(dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let sibling = entry.path();
                    if sibling.is_dir() && self.of(&sibling).is_some() {
                        found.push(sibling);
                    }
                }
            }
            if dir == root {
                break;
            }
        }
        found
    }

    /// Every directory and file that a kustomization setting `namespace:`
    /// among `overlays` includes, directly or through other kustomizations.
    fn reached_by_namespacing(&mut self, overlays: Vec<PathBuf>) -> HashSet<PathBuf> {
        let mut reached = HashSet::new();
        let mut queue: Vec<PathBuf> = overlays
            .into_iter()
            .filter(|dir| self.sets_namespace(dir))
            .collect();
        while let Some(dir) = queue.pop() {
            let includes = self
                .of(&dir)
                .map(|k| k.includes.clone())
                .unwrap_or_default();
            for include in includes {
                if reached.insert(include.clone()) && include.is_dir() {
                    queue.push(include);
                }
            }
        }
        reached
    }
}

/// The kustomization in `dir`, if any; an unreadable one includes nothing.
fn read(dir: &Path) -> Option<Kustomization> {
    let text = KUSTOMIZATION_FILES
        .iter()
        .find_map(|name| std::fs::read_to_string(dir.join(name)).ok())?;
    let stream = yaml::parse_stream(&text, 0);
    let Some(root) = stream.documents.first().and_then(|d| d.root.as_ref()) else {
        return Some(Kustomization::default());
    };
    let includes = INCLUDES
        .iter()
        .flat_map(|key| root.get(key).map(yaml::Node::items).unwrap_or_default())
        .filter_map(yaml::Node::as_str)
        .filter(|entry| !entry.contains("://") && !entry.starts_with("github.com/"))
        .filter_map(|entry| std::path::absolute(dir.join(entry)).ok())
        .map(|path| normalize(&path))
        .collect();
    Some(Kustomization {
        sets_namespace: root
            .get_str("namespace")
            .is_some_and(|ns| !ns.trim().is_empty()),
        includes,
    })
}

/// `path` without `.` and `..` components (kustomize resolves `../rbac`
/// lexically, as this does).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
