//! Property test: the fixtures, mutated the way hand-edited YAML goes wrong
//! (lines deleted, duplicated, reindented; tabs and odd scalars inserted),
//! never make rbaclint panic, and every span it reports — findings, their
//! related labels and load errors — lies within the file on a character
//! boundary. Every report format is rendered too. The case count is kept
//! modest so `cargo test` stays fast; raise it with `PROPTEST_CASES=5000`.

use crate::common;

use std::path::PathBuf;

use proptest::prelude::*;
use rbaclint::report::{human, json, sarif};

/// Scalars and fragments that stress the YAML and RBAC layers.
const ODD: &[&str] = &[
    "*",
    "'*'",
    "\"*\"",
    "~",
    "null",
    "5",
    "-1",
    "0x1F",
    "1e999",
    ".inf",
    "yes",
    "!!binary aGk=",
    "!!str 5",
    "&a x",
    "*a",
    "<<: *a",
    "<<",
    "{",
    "}",
    "[",
    "]",
    "[*]",
    "{a: *}",
    "- ",
    ":",
    "? x",
    "|",
    ">-",
    "é",
    "☕",
    "\u{feff}",
    "\t",
    "%YAML 1.2",
    "---",
    "...",
    "#",
    "'",
    "\"",
    "\\u00e9",
    "verbs:",
    "rules:",
    "kind: Role",
    "resources: [\"*\"]",
    "- verbs: 5",
];

#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Reindent(usize, i8),
    InsertTab(usize, usize),
    InsertOdd(usize, usize, usize),
    ReplaceValue(usize, usize),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let line = any::<usize>();
    prop_oneof![
        line.prop_map(Mutation::Delete),
        line.prop_map(Mutation::Duplicate),
        (line, -4i8..=4).prop_map(|(l, by)| Mutation::Reindent(l, by)),
        (line, any::<usize>()).prop_map(|(l, at)| Mutation::InsertTab(l, at)),
        (line, any::<usize>(), 0..ODD.len())
            .prop_map(|(l, at, odd)| Mutation::InsertOdd(l, at, odd)),
        (line, 0..ODD.len()).prop_map(|(l, odd)| Mutation::ReplaceValue(l, odd)),
    ]
}

/// A char boundary of `line` near `at`.
fn boundary(line: &str, at: usize) -> usize {
    let mut at = at % (line.len() + 1);
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(crate) fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for m in mutations {
        let n = lines.len();
        match m {
            Mutation::Delete(l) if n > 1 => {
                lines.remove(l % n);
            }
            Mutation::Delete(_) => {}
            Mutation::Duplicate(l) => {
                let copy = lines[l % n].clone();
                lines.insert(l % n, copy);
            }
            Mutation::Reindent(l, by) => {
                let line = &mut lines[l % n];
                if *by > 0 {
                    line.insert_str(0, &" ".repeat(*by as usize));
                } else {
                    let strip = line.len() - line.trim_start_matches(' ').len();
                    line.drain(..strip.min(by.unsigned_abs() as usize));
                }
            }
            Mutation::InsertTab(l, at) => {
                let line = &mut lines[l % n];
                let at = boundary(line, *at);
                line.insert(at, '\t');
            }
            Mutation::InsertOdd(l, at, odd) => {
                let line = &mut lines[l % n];
                let at = boundary(line, *at);
                line.insert_str(at, ODD[*odd]);
            }
            Mutation::ReplaceValue(l, odd) => {
                let line = &mut lines[l % n];
                if let Some(colon) = line.find(": ") {
                    line.truncate(colon + 2);
                    line.push_str(ODD[*odd]);
                }
            }
        }
    }
    lines.join("\n")
}

pub(crate) fn fixtures() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for rule in std::fs::read_dir(&root).unwrap() {
        let rule = rule.unwrap().path();
        for name in ["bad.yaml", "good.yaml"] {
            let path = rule.join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                files.push((path.display().to_string(), text));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 10);
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_never_panic_and_spans_stay_in_the_file(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let files = fixtures();
        let (name, text) = &files[pick % files.len()];
        let mutated = apply(text, &mutations);
        let outcome = common::lint_text(name, &mutated);
        // The engine decodes the same bytes; its text is what spans index.
        // It keeps no text for a file that nothing can point into.
        let source = &outcome.workspace.files[0].text;
        if source.is_empty() {
            prop_assert!(outcome.findings.is_empty() && outcome.errors.is_empty());
        } else {
            prop_assert_eq!(&**source, mutated.as_str());
        }
        let broken = rbaclint::invariants::violations(&outcome);
        prop_assert!(broken.is_empty(), "{:?}\n--- input:\n{}", broken, mutated);
        let style = human::Style { color: false, width: 100 };
        prop_assert!(!human::render(&outcome, style).is_empty());
        prop_assert!(json::render(&outcome).starts_with('{'), "json");
        prop_assert!(sarif::render(&outcome, &rbaclint::settings::Settings::default()).starts_with('{'), "sarif");
    }
}
