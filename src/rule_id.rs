//! [`RuleId`]: which rule a finding, a setting or a suppression is about, as
//! a type. Generated from the registry (`rules/registry.rs`), which
//! `rules/mod.rs` also reads to build the table, in the same order, so
//! `RULES[id.index()]` is the rule `id` names.
//!
//! The list is included here rather than named through `crate::rules`:
//! findings carry a `RuleId`, and the rules create findings, so the type
//! must sit below them.

use std::fmt;
use std::str::FromStr;

/// From the registry's lines: each variant and its kebab id (the module,
/// kind and modifiers are the table's, in `rules/mod.rs`).
macro_rules! registry {
    ($($variant:ident = $module:ident ($id:literal, $($args:tt)*) $(.$modifier:ident($($arg:expr),*))*;)*) => {
        /// A rule of the registry. Ordered as the registry lists rules.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($variant,)*
        }

        impl RuleId {
            /// Every rule, in registry order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The rule's id, as users write it (`wildcard-verbs`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            /// The rule's readable name, its variant (`WildcardVerbs`):
            /// SARIF's `name`, distinct from the opaque `id`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(RuleId::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

include!("../rules/registry.rs");

impl RuleId {
    /// The rule's position in the registry (and in `rules::RULES`).
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `s` is no rule's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule;

impl FromStr for RuleId {
    type Err = UnknownRule;

    /// The rule whose id is `s` (ids are exact: no case folding).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|id| id.as_str() == s)
            .ok_or(UnknownRule)
    }
}

/// As its id string, as JSON and SARIF have always written it.
impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;

    #[test]
    fn ids_round_trip_through_their_string() {
        for &id in RuleId::ALL {
            assert_eq!(id.as_str().parse(), Ok(id));
        }
        assert_eq!(RuleId::WildcardVerbs.to_string(), "wildcard-verbs");
        assert_eq!(
            RuleId::ALL[RuleId::SecretsCreate.index()],
            RuleId::SecretsCreate
        );
        assert!("Wildcard-Verbs".parse::<RuleId>().is_err());
    }

    #[test]
    fn names_are_the_ids_in_pascal_case() {
        for &id in RuleId::ALL {
            let pascal: String = id
                .as_str()
                .split('-')
                .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
                .collect();
            assert_eq!(id.name(), pascal);
        }
    }
}
