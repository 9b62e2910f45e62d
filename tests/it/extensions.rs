//! The settings a configuration file fills for issue 5's rules: custom verbs
//! and extra APIs (`extra-apis`) that the input does not define.

use rbaclint::discover::{Content, Input};
use rbaclint::engine;
use rbaclint::settings::Settings;

const ROLE: &str = r#"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: app}
rules:
- apiGroups: [""]
  resources: [gadgets, gadget]
  verbs: [get, knsubscribe]
"#;

fn rules_reported(settings: &Settings) -> Vec<(&'static str, String)> {
    let outcome = engine::run(
        vec![Input {
            name: "role.yaml".into(),
            content: Content::Read(Ok(ROLE.as_bytes().to_vec())),
            walked: false,
        }],
        settings,
    );
    outcome
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.primary.path.to_string()))
        .collect()
}

#[test]
fn custom_verbs_and_extra_apis_are_known() {
    let default = rules_reported(&Settings::default());
    assert!(
        default.contains(&("unknown-verb", "rules[0].verbs[1]".into())),
        "{default:?}"
    );
    assert!(default.contains(&("unknown-resource", "rules[0].resources[0]".into())));

    let mut settings = Settings::default();
    settings.extensions.custom_verbs = vec!["knsubscribe".into()];
    settings.extensions.extra_apis = vec![("".into(), "gadgets".into())];
    let configured = rules_reported(&settings);
    assert!(
        !configured.iter().any(|(r, _)| *r == "unknown-verb"),
        "{configured:?}"
    );
    // `gadgets` is now known, and `gadget` is a near miss of it.
    assert_eq!(
        configured
            .iter()
            .filter(|(r, _)| *r == "unknown-resource")
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>(),
        ["rules[0].resources[1]"]
    );
}

#[test]
fn the_config_file_sets_them() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("extensions-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join(".rbaclint.yaml");
    std::fs::write(
        &config,
        "custom-verbs: [knsubscribe]\nextra-apis:\n  \"\": [gadgets]\ncomplete: true\n",
    )
    .unwrap();
    let loaded = rbaclint::config::load(&config).unwrap();
    let mut settings = Settings::default();
    loaded.apply(&mut settings);
    assert!(settings.complete);
    assert_eq!(settings.extensions.custom_verbs, ["knsubscribe"]);
    assert_eq!(
        settings.extensions.extra_apis,
        [(String::new(), "gadgets".to_string())]
    );
    let reported = rules_reported(&settings);
    assert!(
        !reported.iter().any(|(r, _)| *r == "unknown-verb"),
        "{reported:?}"
    );
}
