//! Which git checkout each input file is in. A run may span several
//! repositories (`rbaclint check ~/src`); each is its own project, deployed
//! on its own, so a workload of one is not matched with a binding of
//! another even when their namespaces and names agree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::source::SourceFile;

/// The root of the git checkout holding `dir` (the nearest directory at or
/// above it with a `.git`), if any.
pub fn git_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|dir| dir.join(".git").exists())
}

/// Per file (in order): the index of its checkout among the run's
/// checkouts. Files outside any checkout (standard input included) share
/// index 0, so a run with no repository at all is one project.
pub fn checkouts(files: &[SourceFile]) -> Vec<usize> {
    let mut roots: HashMap<Option<PathBuf>, usize> = HashMap::from([(None, 0)]);
    let mut by_dir: HashMap<PathBuf, usize> = HashMap::new();
    files
        .iter()
        .map(|file| {
            let Some(dir) = std::path::absolute(&file.name)
                .ok()
                .filter(|path| path.is_file())
                .and_then(|path| path.parent().map(Path::to_path_buf))
            else {
                return 0;
            };
            if let Some(&index) = by_dir.get(&dir) {
                return index;
            }
            let root = git_root(&dir).map(Path::to_path_buf);
            let next = roots.len();
            let index = *roots.entry(root).or_insert(next);
            by_dir.insert(dir, index);
            index
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &Path) -> SourceFile {
        SourceFile::new(path.to_string_lossy(), String::new())
    }

    #[test]
    fn files_are_grouped_by_their_checkout() {
        let dir = std::env::temp_dir().join(format!("rbaclint-checkouts-{}", std::process::id()));
        let (a, b, loose) = (dir.join("a"), dir.join("b/deploy"), dir.join("loose"));
        for d in [&a, &b, &loose] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::create_dir_all(dir.join("a/.git")).unwrap();
        std::fs::create_dir_all(dir.join("b/.git")).unwrap();
        let paths = [
            a.join("x.yaml"),
            b.join("y.yaml"),
            a.join("z.yaml"),
            loose.join("w.yaml"),
        ];
        for p in &paths {
            std::fs::write(p, "").unwrap();
        }
        let mut files: Vec<SourceFile> = paths.iter().map(|p| file(p)).collect();
        files.push(SourceFile::new("<stdin>", String::new()));
        let ids = checkouts(&files);
        let loose_is_outside = git_root(&loose).is_none();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(ids[0], ids[2], "same checkout");
        assert_ne!(ids[0], ids[1], "two checkouts");
        assert!(ids[0] != 0 && ids[1] != 0);
        assert_eq!(ids[4], 0, "standard input is in no checkout");
        if loose_is_outside {
            assert_eq!(ids[3], 0, "outside any checkout");
        }
    }
}
