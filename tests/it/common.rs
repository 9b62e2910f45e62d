//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rbaclint::discover::{Content, Input};
use rbaclint::engine::{self, Outcome};
use rbaclint::settings::Settings;

/// The five rules of the project's brief (always in the default set).
pub const BRIEF_RULES: [&str; 5] = [
    "wildcard-verbs",
    "wildcard-resources",
    "broad-api-groups",
    "status-not-separated",
    "crd-admin-mixed-with-runtime",
];

/// Lints files through the library with every rule on (`--select all`):
/// tests of rules see opt-in rules too; tests of the default set say so.
pub fn lint_files(paths: &[&Path]) -> Outcome {
    lint_files_with(paths, &Settings::all_rules())
}

/// Lints files through the library with the given settings.
pub fn lint_files_with(paths: &[&Path], settings: &Settings) -> Outcome {
    engine::run(inputs(paths), settings)
}

/// The files as inputs, named as given.
fn inputs(paths: &[&Path]) -> Vec<Input> {
    paths
        .iter()
        .map(|p| Input {
            name: p.to_string_lossy().into_owned(),
            content: Content::Read(std::fs::read(p).map_err(|e| e.to_string())),
            walked: false,
        })
        .collect()
}

/// Judges files against an audit log through the library, as
/// `rbaclint audit --log LOG FILES` does.
pub fn audit_files(paths: &[&Path], log: &Path) -> Outcome {
    let mut tally = rbaclint::audit_log::tally::Tally::new(Default::default());
    rbaclint::audit::read_into(&log.to_string_lossy(), &mut tally).expect("the log reads");
    tally.finish();
    rbaclint::audit::judge(inputs(paths), &tally, &Settings::default(), false).0
}

/// Lints one in-memory file with every rule on (see [`lint_files`]).
pub fn lint_text(name: &str, text: &str) -> Outcome {
    engine::run(
        vec![Input {
            name: name.into(),
            content: Content::Read(Ok(text.as_bytes().to_vec())),
            walked: false,
        }],
        &Settings::all_rules(),
    )
}

/// Runs the real binary with `args` (and optional stdin) from the crate root.
pub fn rbaclint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    rbaclint_with_env(args, stdin, &[])
}

/// The real binary, run from the crate root with none of the environment
/// that changes its output (format, CI variables, colour); stdin empty.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rbaclint"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RBACLINT_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CI_PROJECT_DIR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// [`rbaclint`] with extra environment variables (e.g. `RAYON_NUM_THREADS`).
pub fn rbaclint_with_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut command = command();
    command
        .args(args)
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("rbaclint runs");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `../shared/<rel>` when the shared folder is present beside the checkout.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: {} is absent (the shared folder is not beside this checkout)",
            path.display()
        );
        None
    }
}

/// A fresh scratch directory under target/.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
