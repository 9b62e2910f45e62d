//! Issue 9: cost linear in the input, through the real binary. For each
//! generator class of the issue (and of `bad_input.rs`), files of ~10 KB,
//! ~100 KB and ~1 MB are linted, each ending with its expected exit code.
//! The 100 KB file may take at most 30 times as long as the 10 KB one (min
//! of 3 runs each, in CPU time: linear work gives ≤ 10×, the quadratic
//! classes this guards took ~50× and more), and the 1 MB file is linted once
//! under a 256 MB address-space limit on one thread. Ratios, not speed: the
//! debug binary is slow; the release binary's figures are in the issue's
//! closing note.

use crate::bad_input::lint_with_memory_limit;
use crate::common::{scratch, stderr};
use crate::generators::CLASSES;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The least CPU time (user + system) of three runs of the binary on
/// `path`, as the shell's `times` reports its child's (CPU time, not wall
/// clock: other processes on a busy machine do not count), with the exit code.
fn min_of_three(path: &Path) -> (Duration, Option<i32>) {
    let mut best = Duration::MAX;
    let mut code = None;
    for _ in 0..3 {
        let out = Command::new("sh")
            .args([
                "-c",
                "\"$0\" \"$@\" > /dev/null; code=$?; times; exit $code",
            ])
            .arg(env!("CARGO_BIN_EXE_rbaclint"))
            .args(["check", "--format", "json", path.to_str().unwrap()])
            .env("RAYON_NUM_THREADS", "1")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let times = String::from_utf8_lossy(&out.stdout);
        // Second line: the children's user and system time, `0m1.23s 0m0.05s`.
        let children = times.lines().nth(1).unwrap_or_else(|| panic!("{times}"));
        let cpu: f64 = children.split_whitespace().map(seconds).sum();
        best = best.min(Duration::from_secs_f64(cpu));
        code = out.status.code();
    }
    (best, code)
}

/// `1m2.5s` as seconds.
fn seconds(text: &str) -> f64 {
    let (minutes, rest) = text.split_once('m').unwrap_or(("0", text));
    minutes.parse::<f64>().unwrap() * 60.0 + rest.trim_end_matches('s').parse::<f64>().unwrap()
}

#[cfg(unix)]
#[test]
fn every_generator_class_grows_linearly_and_fits_the_budgets() {
    let dir = scratch("linear-growth");
    for class in &CLASSES {
        let sizes = [class.n / 10, class.n, 10 * class.n];
        let paths = sizes.map(|n| {
            let path = dir.join(format!("{}-{n}.yaml", class.name));
            std::fs::write(&path, (class.make)(n)).unwrap();
            path
        });
        let bytes = std::fs::metadata(&paths[1]).unwrap().len();
        assert!(
            (90_000..=200_000).contains(&bytes),
            "{}: {bytes} bytes",
            class.name
        );
        let (small_time, small_code) = min_of_three(&paths[0]);
        let (time, code) = min_of_three(&paths[1]);
        let large = lint_with_memory_limit(&paths[2], 256 * 1024);
        assert_eq!(
            [small_code, code, large.status.code()],
            class.codes.map(Some),
            "{} (the 1 MB file within 256 MB: {})",
            class.name,
            stderr(&large)
        );
        eprintln!("{}: {small_time:?} → {time:?}", class.name);
        // `times` counts in clock ticks: a tiny run may read as 0.
        assert!(
            time <= small_time.max(Duration::from_millis(20)) * 30,
            "{}: 10× the input took {small_time:?} → {time:?}",
            class.name
        );
    }
}
