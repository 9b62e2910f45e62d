//! Issue 9: cost linear in the input, through the real binary. For each
//! generator class of the issue (and of `bad_input.rs`), files of ~10 KB,
//! ~100 KB and ~1 MB are linted, each ending with its expected exit code.
//! The 100 KB file may take at most 30 times as long as the 10 KB one (min
//! of 3 runs each, in CPU time: linear work gives ≤ 10×, the quadratic
//! classes this guards took ~50× and more), and the 1 MB file is linted once
//! under a 256 MB address-space limit on one thread. Ratios, not speed: the
//! debug binary is slow; the release binary's figures are in the issue's
//! closing note.

use crate::bad_input::{lint_with_memory_limit, nested_anchors, wide_merge, ROLE_HEAD};
use crate::common::{scratch, stderr};

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// One generator class: `make(n)` writes a file that grows linearly with `n`.
struct Class {
    name: &'static str,
    make: fn(usize) -> String,
    /// `n` for the ~100 KB file (`n / 10` and `10 * n` for the others).
    n: usize,
    /// Exit codes for the 10 KB, 100 KB and 1 MB files.
    codes: [i32; 3],
}

/// One rule listing `n` resources and `n` verbs: the capability rules once
/// walked the product (56 KB took 170 s).
fn capability_product(n: usize) -> String {
    const RESOURCES: [&str; 6] = [
        "pods",
        "secrets",
        "pods/exec",
        "nodes/proxy",
        "serviceaccounts/token",
        "deployments",
    ];
    const VERBS: [&str; 6] = [
        "get",
        "create",
        "update",
        "patch",
        "impersonate",
        "escalate",
    ];
    let resources: Vec<&str> = RESOURCES.iter().cycle().take(n).copied().collect();
    let verbs: Vec<&str> = VERBS.iter().cycle().take(n).copied().collect();
    format!(
        "{ROLE_HEAD}rules:\n- apiGroups: ['', apps]\n  resources: [{}]\n  verbs: [{}]\n",
        resources.join(", "),
        verbs.join(", ")
    )
}

/// Block sequences nested 80 deep, each anchored and never aliased, with
/// `n` items per level (copying each anchored subtree took 10 GB for 308 KB;
/// the flow form of this class is `deep-flow`, which the parse budget ends).
fn nested_block_anchors(n: usize) -> String {
    let mut text = String::from(
        "k:
",
    );
    for depth in 0..80 {
        let indent = " ".repeat(2 * depth);
        for _ in 0..n {
            text.push_str(&format!("{indent}- x\n"));
        }
        text.push_str(&format!("{indent}- &a{depth}\n"));
    }
    text.push_str(&format!("{}- x\n", " ".repeat(160)));
    text
}

/// `n` `*` in one verbs list (past 10,000 the findings budget ends the file).
fn many_stars(n: usize) -> String {
    format!(
        "{ROLE_HEAD}rules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [{}]\n",
        vec!["'*'"; n].join(", ")
    )
}

/// `n` rules with a `*` each, in roles of 2,000 rules, in one minified JSON
/// line: every column is counted far into the line.
fn minified_json(n: usize) -> String {
    let rule = r#"{"apiGroups":["é"],"resources":["pods"],"verbs":["*"]}"#;
    let roles: Vec<String> = (0..n.div_ceil(2_000))
        .map(|i| {
            let rules = vec![rule; 2_000.min(n - i * 2_000)].join(",");
            format!(
                r#"{{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{{"name":"r{i}"}},"rules":[{rules}]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
        roles.join(",")
    )
}

/// `n` rules, each with a `*` suppressed by a comment and a comment line
/// before it, in roles of 100 rules.
fn many_suppressions(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        if i % 100 == 0 {
            text.push_str(&format!(
                "---\n{}rules:\n",
                ROLE_HEAD.replace("name: r", &format!("name: r{i}"))
            ));
        }
        text.push_str("# rbaclint: ignore[wildcard-resources] -- reviewed\n");
        text.push_str("- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*'] # rbaclint: ignore[wildcard-verbs] -- reviewed\n");
    }
    text
}

/// An anchored list aliased `n` times (past 1,000,000 copied nodes the
/// alias budget ends the file).
fn alias_fan_out(n: usize) -> String {
    format!(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [{}]\n",
        vec!["*a"; n].join(", ")
    )
}

const CLASSES: [Class; 8] = [
    Class {
        name: "capability-product",
        make: capability_product,
        n: 7_000,
        codes: [1, 1, 2],
    },
    Class {
        name: "nested-anchors",
        make: nested_block_anchors,
        n: 14,
        codes: [0, 0, 0],
    },
    Class {
        name: "wide-merge",
        make: |n| wide_merge(n, 1),
        n: 10_000,
        codes: [0, 0, 0],
    },
    Class {
        name: "many-stars",
        make: many_stars,
        n: 20_000,
        codes: [1, 2, 2],
    },
    Class {
        name: "minified-json",
        make: minified_json,
        n: 1_800,
        codes: [1, 1, 1],
    },
    Class {
        name: "many-suppressions",
        make: many_suppressions,
        n: 700,
        codes: [1, 1, 1],
    },
    Class {
        name: "deep-flow",
        make: |n| nested_anchors(990, n),
        n: 50,
        codes: [0, 2, 2],
    },
    Class {
        name: "alias-fan-out",
        make: alias_fan_out,
        n: 25_000,
        codes: [0, 0, 2],
    },
];

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
