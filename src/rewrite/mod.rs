//! Rewriting the inputs from a lint's [`Outcome`](crate::engine::Outcome):
//! `check --fix` applies the findings' fixes and lints again
//! ([`fix_loop`]); `check --add-ignore` writes suppression comments
//! ([`ignore`]). What a fix is and how edits apply to a text is
//! [`crate::fix`]'s.

pub mod fix_loop;
pub mod ignore;
