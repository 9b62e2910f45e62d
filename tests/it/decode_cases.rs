//! rbaclint decodes what Kubernetes decodes. `../shared/decode-cases/` holds
//! manifests with the JSON Kubernetes' own decoder (go-yaml v2 under
//! sigs.k8s.io/yaml) makes of them, or `ERR <message>` where it rejects the
//! file. Each case is decoded by the span tree (`to_json`) and by the typed
//! path (`from_node`), and compared; a rejected file must be bad input.

use crate::common;
use crate::restyle::normalise;

use std::path::Path;

use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
use rbaclint::node_de::from_node;
use rbaclint::yaml::{parse_stream, Node};
use serde_json::Value;

/// The typed object Kubernetes decodes from `json`, or its error, as JSON.
fn typed<T>(json: Value) -> Result<Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    serde_json::from_value::<T>(json)
        .map(|t| serde_json::to_value(t).unwrap())
        .map_err(|e| e.to_string())
}

fn typed_from_node<T>(node: &Node) -> Result<Value, String>
where
    T: for<'a> serde::Deserialize<'a> + serde::Serialize,
{
    from_node::<T>(node, "apiVersion")
        .map(|t| serde_json::to_value(t).unwrap())
        .map_err(|e| e.to_string())
}

/// Checks one case; returns what disagrees.
fn check(path: &Path, expected: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    if let Some(message) = expected.strip_prefix("ERR ") {
        let stream = parse_stream(&text, 0);
        let outcome = common::lint_text(path.to_str().unwrap(), &text);
        return match (&stream.error, outcome.errors.len()) {
            (Some(_), 1) => Ok(()),
            _ => Err(format!(
                "Kubernetes rejects it ({message}); rbaclint: {:?}",
                stream.error
            )),
        };
    }
    agrees(&text, &serde_json::from_str(expected).unwrap())
}

/// Whether rbaclint decodes `text` (one document) to `want`, the JSON
/// Kubernetes decodes from it, through the span tree and the typed path.
pub fn agrees(text: &str, want: &Value) -> Result<(), String> {
    let stream = parse_stream(text, 0);
    if let Some(error) = stream.error {
        return Err(format!("rbaclint rejects it: {error:?}"));
    }
    let [document] = &stream.documents[..] else {
        return Err(format!("{} documents", stream.documents.len()));
    };
    let root = document.root.as_ref().ok_or("no root")?;
    let got = root.to_json();
    if normalise(got.clone()) != normalise(want.clone()) {
        return Err(format!(
            "to_json:\n  rbaclint:   {got}\n  kubernetes: {want}"
        ));
    }
    let mut object = want.clone();
    object.as_object_mut().unwrap().remove("apiVersion");
    let (kubernetes, rbaclint) = match want["kind"].as_str() {
        Some("ClusterRole") => (
            typed::<ClusterRole>(object),
            typed_from_node::<ClusterRole>(root),
        ),
        Some("ClusterRoleBinding") => (
            typed::<ClusterRoleBinding>(object),
            typed_from_node::<ClusterRoleBinding>(root),
        ),
        other => return Err(format!("unexpected kind {other:?}")),
    };
    match (&kubernetes, &rbaclint) {
        (Ok(k), Ok(r)) if k == r => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!(
            "typed:\n  rbaclint:   {rbaclint:?}\n  kubernetes: {kubernetes:?}"
        )),
    }
}

/// The decode cases' inputs, sorted (`NAME.yaml` or `NAME.json`).
pub fn cases(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            (name.ends_with(".yaml") || name.ends_with(".json"))
                && !name.ends_with(".expected.json")
        })
        .collect();
    cases.sort();
    cases
}

/// The text of `NAME.expected.json` beside a case.
pub fn expected(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let file = path.with_file_name(format!("{stem}.expected.json"));
    std::fs::read_to_string(file).unwrap().trim().to_string()
}

#[test]
fn every_decode_case_agrees_with_kubernetes() {
    let Some(dir) = common::shared("decode-cases") else {
        return;
    };
    let cases = cases(&dir);
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|path| {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            check(path, &expected(path))
                .err()
                .map(|why| format!("{stem}: {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
