//! The pre-commit hook for real: installs `pre-commit` from PyPI into a
//! throwaway virtualenv under target/, then runs `pre-commit try-repo` against
//! this repository (its `.pre-commit-hooks.yaml`: the `language: rust` hook
//! and the `language: python` one that installs the wheel) in a scratch git
//! repository. Each must fail on a wildcard verb (in YAML and in JSON) and
//! pass on a clean manifest.
//!
//! Slow (pre-commit runs `cargo install --path .`), so opt-in: set
//! `RBACLINT_PRECOMMIT_TEST=1` (`.ci/run` does). try-repo uses the committed
//! HEAD of this repository plus its uncommitted changes to tracked files.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OPT_IN: &str = "RBACLINT_PRECOMMIT_TEST";

fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    output
}

fn ok(command: &mut Command) -> Output {
    let output = run(command);
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `target/` of this crate (the parent of CARGO_TARGET_TMPDIR).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A virtualenv with pre-commit, kept between runs under target/.
fn pre_commit() -> PathBuf {
    let venv = target_dir().join("pre-commit-venv");
    let bin = venv.join("bin").join("pre-commit");
    if !bin.exists() {
        ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        ok(Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "pre-commit>=3,<5",
        ]));
    }
    bin
}

fn git(repo: &Path, args: &[&str]) {
    ok(Command::new("git").args(args).current_dir(repo));
}

/// `pre-commit try-repo <this repo> <hook> --all-files` in `repo`.
fn try_repo(pre_commit: &Path, repo: &Path, hook: &str) -> Output {
    let target = target_dir();
    run(Command::new(pre_commit)
        .args(["try-repo", env!("CARGO_MANIFEST_DIR"), hook, "--all-files"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", target.join("pre-commit-home"))
        // Share compiled dependencies between runs; the hook's behaviour,
        // not its speed, is under test, so skip release optimisations.
        .env("CARGO_TARGET_DIR", target.join("pre-commit-build"))
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env_remove("RBACLINT_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1"))
}

#[test]
fn pre_commit_hook_fails_on_a_wildcard_and_passes_clean_manifests() {
    if std::env::var_os(OPT_IN).is_none_or(|v| v != "1") {
        eprintln!("SKIPPED: set {OPT_IN}=1 to run pre-commit try-repo (installs pre-commit from PyPI, builds rbaclint)");
        return;
    }
    let pre_commit = pre_commit();
    let repo = common::scratch("pre-commit-repo");
    git(&repo, &["init", "--quiet"]);
    git(&repo, &["config", "user.email", "ci@example.com"]);
    git(&repo, &["config", "user.name", "CI"]);
    let bad = std::fs::read_to_string("fixtures/wildcard-verbs/bad.yaml").unwrap();
    std::fs::write(repo.join("role.yaml"), bad).unwrap();
    // JSON manifests reach the hook too (`types_or: [yaml, json]`).
    std::fs::write(
        repo.join("role.json"),
        r#"{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
"metadata": {"name": "j"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]}]}"#,
    )
    .unwrap();
    // Not YAML or JSON: pre-commit must not pass it to the hook.
    std::fs::write(repo.join("notes.txt"), "verbs: ['*']\n").unwrap();
    git(&repo, &["add", "."]);
    // Both hooks, built with cargo (`language: rust`) and as a wheel
    // (`language: python`), run the same check.
    for hook in ["rbaclint", "rbaclint-python"] {
        let out = try_repo(&pre_commit, &repo, hook);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !out.status.success(),
            "{hook}: a wildcard verb must fail:\n{text}"
        );
        assert!(text.contains("rbaclint (Kubernetes RBAC)"), "{text}");
        assert!(text.contains("Failed"), "{text}");
        assert!(text.contains("wildcard-verbs"), "{text}");
        assert!(text.contains("role.yaml:9:11"), "{text}");
        assert!(text.contains("role.json:2:"), "{hook}: {text}");
        assert!(!text.contains("notes.txt"), "{text}");
    }

    let good = std::fs::read_to_string("fixtures/wildcard-verbs/good.yaml").unwrap();
    std::fs::write(repo.join("role.yaml"), good).unwrap();
    std::fs::remove_file(repo.join("role.json")).unwrap();
    git(&repo, &["add", "-A", "."]);
    for hook in ["rbaclint", "rbaclint-python"] {
        let out = try_repo(&pre_commit, &repo, hook);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{hook}: a clean manifest must pass:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("Passed"), "{text}");
    }
}
