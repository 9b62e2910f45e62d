//! Kustomize bases: a manifest in a directory whose `kustomization.yaml` (or
//! one of a parent directory) sets `namespace:` gets its namespaces filled in
//! by `kustomize build`, so what it leaves out is not missing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::source::SourceFile;
use crate::yaml;

/// The file names kustomize reads in a directory.
const KUSTOMIZATION_FILES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Per file (in order): whether it is a file on disk inside a kustomize base
/// that sets `namespace:`. Standard input and missing paths are not.
pub fn namespaced_bases(files: &[SourceFile]) -> Vec<bool> {
    let mut by_dir: HashMap<PathBuf, bool> = HashMap::new();
    files
        .iter()
        .map(|file| {
            let path = Path::new(&file.name);
            if !path.is_file() {
                return false;
            }
            let Ok(path) = std::path::absolute(path) else {
                return false;
            };
            path.ancestors().skip(1).any(|dir| {
                *by_dir
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| sets_namespace(dir))
            })
        })
        .collect()
}

/// Whether `dir` holds a kustomization with a non-empty `namespace:`.
fn sets_namespace(dir: &Path) -> bool {
    KUSTOMIZATION_FILES.iter().any(|name| {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            return false;
        };
        yaml::parse_stream(&text, 0)
            .documents
            .first()
            .and_then(|d| d.root.as_ref())
            .and_then(|root| root.get_str("namespace"))
            .is_some_and(|ns| !ns.trim().is_empty())
    })
}
