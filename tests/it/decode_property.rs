//! Differential property: the decode cases' expected JSON (what Kubernetes
//! decodes, `../shared/decode-cases`), written again as YAML in styles
//! chosen at random (`restyle.rs`: block or flow, any indentation, quoted,
//! escaped, block and `!!binary` scalars, YAML 1.1 booleans, anchors and
//! aliases, comments, merge keys with decoys document order overrides),
//! decodes in rbaclint to that same JSON, through the span tree and the
//! typed path. More cases: `PROPTEST_CASES=5000 cargo test --test it decode_property`.

use crate::common;
use crate::decode_cases::{agrees, cases, expected};
use crate::restyle::{restyle, Choices};

use proptest::prelude::*;
use serde_json::Value;

/// Every decode case Kubernetes accepts, as its expected JSON.
fn accepted() -> Vec<(String, Value)> {
    let Some(dir) = common::shared("decode-cases") else {
        return Vec::new();
    };
    cases(&dir)
        .iter()
        .filter_map(|path| {
            let expected = expected(path);
            let value = serde_json::from_str(&expected).ok()?;
            Some((path.file_name()?.to_str()?.to_string(), value))
        })
        .collect()
}

#[test]
fn every_accepted_decode_case_is_restyled() {
    // With no choices left every style is the plainest one; the writer
    // must still spell every expected value.
    for (name, want) in accepted() {
        let text = restyle(&want, &mut Choices::new(&[])).expect(&name);
        agrees(&text, &want).unwrap_or_else(|why| panic!("{name}:\n{text}\n{why}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn restyled_decode_cases_decode_to_their_expected_json(
        case in any::<prop::sample::Index>(),
        style in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let cases = accepted();
        if cases.is_empty() {
            return Ok(());
        }
        let (name, want) = &cases[case.index(cases.len())];
        let text = restyle(want, &mut Choices::new(&style)).expect("supported");
        if let Err(why) = agrees(&text, want) {
            prop_assert!(false, "{name} restyled:\n{text}\n{why}");
        }
    }
}
