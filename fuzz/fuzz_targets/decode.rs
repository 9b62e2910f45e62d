//! Differential fuzzing of decoding: rbaclint must see what Kubernetes'
//! decoder (go-yaml v2 under sigs.k8s.io/yaml) sees.
//!
//! - An input that is one of `../shared/decode-cases` (the seeds) decodes to
//!   its `expected.json`, or is rejected where Kubernetes rejects it.
//! - Any input rbaclint decodes is written again in another style chosen by
//!   the input's bytes (`tests/it/restyle.rs`: quoting, escapes, `!!binary`,
//!   block/flow, anchors and aliases, merge keys with decoys, comments), and
//!   each document of it must decode to the same JSON.
//!
//! Waiver: libyaml-safer 0.3.0 panics on a tag followed directly by `,` in
//! a flow collection (`[!!str, get]`, `src/scanner.rs:1112`, "TODO: What is
//! expected here?"). rbaclint catches exactly that panic and reports the
//! input as a YAML error (`rbaclint::yaml::upstream`), so here it is a
//! rejected input: [`upstream::quiet_known_panic`] keeps libfuzzer's abort
//! hook from firing for that panic alone. Every other panic, in the parser
//! or in rbaclint, still aborts the run.

#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rbaclint::yaml::{parse_stream, upstream};
use serde_json::Value;

#[path = "../../tests/it/restyle.rs"]
mod restyle;

use restyle::{normalise, restyle, Choices};

/// Largest decoded document restyled (nodes), and its deepest nesting.
const MAX_NODES: usize = 5_000;
const MAX_DEPTH: usize = 50;

/// The decode cases, by their bytes: `Some(json)` or `None` where
/// Kubernetes rejects the file. Empty when the shared folder is absent.
fn cases() -> &'static HashMap<Vec<u8>, Option<Value>> {
    static CASES: OnceLock<HashMap<Vec<u8>, Option<Value>>> = OnceLock::new();
    CASES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/decode-cases");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return HashMap::new();
        };
        entries
            .filter_map(|entry| {
                let path = entry.ok()?.path();
                let name = path.file_name()?.to_str()?;
                if name.ends_with(".expected.json") || name.ends_with(".md") {
                    return None;
                }
                let stem = path.file_stem()?.to_str()?;
                let expected =
                    std::fs::read_to_string(path.with_file_name(format!("{stem}.expected.json")))
                        .ok()?;
                let expected = expected.trim();
                let json = if expected.starts_with("ERR ") {
                    None
                } else {
                    Some(serde_json::from_str(expected).ok()?)
                };
                Some((std::fs::read(&path).ok()?, json))
            })
            .collect()
    })
}

/// Nodes in a value, and its nesting depth.
fn size(value: &Value) -> (usize, usize) {
    let children: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(map) => Box::new(map.values()),
        _ => return (1, 0),
    };
    children.fold((1, 1), |(nodes, depth), child| {
        let (n, d) = size(child);
        (nodes + n, depth.max(d + 1))
    })
}

/// The JSON of every document rbaclint decodes from `text`, or its error.
fn decode(text: &str) -> Result<Vec<Value>, String> {
    let stream = parse_stream(text, 0);
    if let Some(error) = stream.error {
        return Err(format!("{error:?}"));
    }
    Ok(stream
        .documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .map(|root| normalise(root.to_json()))
        .collect())
}

fuzz_target!(|data: &[u8]| {
    // After libfuzzer's own hook, which it hands every other panic.
    upstream::quiet_known_panic();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = decode(text);
    if let Some(expected) = cases().get(data) {
        match (expected, &decoded) {
            (None, Err(_)) => {}
            (Some(want), Ok(got)) if got == &[normalise(want.clone())] => {}
            _ => panic!(
                "decode case disagrees:\n  rbaclint:   {decoded:?}\n  kubernetes: {expected:?}"
            ),
        }
    }
    let Ok(documents) = decoded else {
        return;
    };
    let style: Vec<u8> = data.iter().rev().copied().collect();
    for value in documents {
        let (nodes, depth) = size(&value);
        if nodes > MAX_NODES || depth > MAX_DEPTH {
            continue;
        }
        let Some(restyled) = restyle(&value, &mut Choices::new(&style)) else {
            continue;
        };
        match decode(&restyled) {
            Ok(again) if again == [value.clone()] => {}
            again => panic!(
                "restyled, the document decodes differently:\n{restyled}\n  first:  {value}\n  again:  {again:?}"
            ),
        }
    }
});
