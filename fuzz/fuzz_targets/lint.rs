//! Fuzzes the whole pipeline on one input file: decode, YAML loading,
//! typed RBAC objects, every rule, and the three report formats. A crash, a
//! span outside the file or off a character boundary, or a loader panic
//! (which the engine would otherwise catch and report) fails the run.
//!
//! Waiver, as in the `decode` target: the parser's one known panic (a tag
//! followed directly by `,` in a flow collection, libyaml-safer 0.3.0) is a
//! YAML error of the file (`rbaclint::yaml::upstream`), not a crash.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbaclint::discover::{Content, Input};
use rbaclint::engine;
use rbaclint::report::{human, json, sarif};
use rbaclint::settings::Settings;

fuzz_target!(|data: &[u8]| {
    // After libfuzzer's own hook, which it hands every other panic.
    rbaclint::yaml::upstream::quiet_known_panic();
    let input = Input {
        name: "fuzz.yaml".into(),
        content: Content::Read(Ok(data.to_vec())),
        walked: false,
    };
    let settings = Settings::default();
    let outcome = engine::run(vec![input], &settings);
    let broken = rbaclint::invariants::violations(&outcome);
    assert!(broken.is_empty(), "{broken:?}");
    let style = human::Style {
        color: false,
        width: 80,
    };
    human::render(&outcome, style);
    json::render(&outcome);
    sarif::render(&outcome, &settings);
});
