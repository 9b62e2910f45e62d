//! Generators of the pathological input classes of issue 9, each a file
//! that grows linearly with `n`. Shared by the tests (`linear_growth.rs`,
//! `bad_input.rs`) and the `gen-bad-input` example, which writes the fuzz
//! seeds (`fuzz/seeds/`) and the inputs of `benches/bad_input.sh`; so this
//! file uses nothing from the test crate.

pub const ROLE_HEAD: &str =
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n";

/// One generator class: `make(n)` writes a file that grows linearly with `n`.
pub struct Class {
    pub name: &'static str,
    pub make: fn(usize) -> String,
    /// `n` for the ~100 KB file (`n / 10` and `10 * n` for the others).
    pub n: usize,
    /// Exit codes for the 10 KB, 100 KB and 1 MB files.
    pub codes: [i32; 3],
}

/// One rule listing `n` resources and `n` verbs: the capability rules once
/// walked the product (56 KB took 170 s).
pub fn capability_product(n: usize) -> String {
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
pub fn nested_block_anchors(n: usize) -> String {
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
pub fn many_stars(n: usize) -> String {
    format!(
        "{ROLE_HEAD}rules:\n- apiGroups: ['']\n  resources: [pods]\n  verbs: [{}]\n",
        vec!["'*'"; n].join(", ")
    )
}

/// `n` rules with a `*` each, in roles of 2,000 rules, in one minified JSON
/// line: every column is counted far into the line.
pub fn minified_json(n: usize) -> String {
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
pub fn many_suppressions(n: usize) -> String {
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
pub fn alias_fan_out(n: usize) -> String {
    format!(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [{}]\n",
        vec!["*a"; n].join(", ")
    )
}

pub const CLASSES: [Class; 8] = [
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

/// `k: &a0 [x, x, ..., &a1 [x, ...` nested `depth` deep, never aliased.
pub fn nested_anchors(depth: usize, width: usize) -> String {
    let mut text = String::from("k: ");
    for i in 0..depth {
        text.push_str(&format!("&a{i} ["));
        text.push_str(&"x,".repeat(width));
    }
    text.push('x');
    text.push_str(&"]".repeat(depth));
    text.push('\n');
    text
}

/// A mapping with `keys` keys under an anchor, merged `merges` times.
pub fn wide_merge(keys: usize, merges: usize) -> String {
    let keys: Vec<String> = (0..keys).map(|i| format!("k{i}: {i}")).collect();
    let mut text = format!("x: &b {{{}}}\n", keys.join(", "));
    for i in 0..merges {
        text.push_str(&format!("y{i}: {{<<: *b, k0: mine}}\n"));
    }
    text
}
