//! The one known panic of the YAML parser, libyaml-safer 0.3.0: a tag
//! followed directly by `,` in a flow collection (`verbs: [!!str, get]`)
//! reaches `panic!("TODO: What is expected here?")` in its scanner
//! (`src/scanner.rs:1112`), where C libyaml reads an empty value and
//! Kubernetes' go-yaml v2 takes the `,` into the tag.
//! The crate is used as published (not patched), so the parse catches
//! exactly that panic and reports the input as a YAML error at the `,`;
//! every other panic unwinds as before.

use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

use libyaml_safer::{Event, EventData, Parser};

/// The panic's message, and where it is raised.
const MESSAGE: &str = "TODO: What is expected here?";
const CRATE: &str = "libyaml-safer";
const FILE: &str = "scanner.rs";

/// What rbaclint reports at the `,`.
pub const TAG_BEFORE_COMMA: &str = "a tag followed directly by `,` in a flow collection (as in `[!!str, get]`) cannot be read by rbaclint's YAML parser (libyaml-safer 0.3.0), and YAML decoders disagree on it (Kubernetes' go-yaml v2 takes the `,` into the tag): write the value after the tag (`!!str \"\"`)";

/// The parser hit the known panic.
pub struct TagBeforeComma;

/// The parser's next event, or [`TagBeforeComma`] where it panicked with
/// the known panic. Any other panic goes on unwinding.
pub fn next_event(
    parser: &mut Parser<&mut &[u8]>,
) -> Result<libyaml_safer::Result<Event>, TagBeforeComma> {
    panic::catch_unwind(AssertUnwindSafe(|| parser.parse())).map_err(|payload| {
        if payload_message(&*payload) == Some(MESSAGE) {
            TagBeforeComma
        } else {
            panic::resume_unwind(payload)
        }
    })
}

/// Byte offset of the `,` in `input`, whose parse hit the known panic: the
/// shortest prefix (cut at a character boundary, ended by a line break) on
/// which the parser hits it ends with that `,`. Found by bisection, so it
/// costs a few parses of the input, and only on this error path.
pub fn tag_before_comma_offset(input: &str) -> Option<usize> {
    let panics = |len: usize| {
        let mut cut = len;
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        let prefix = format!("{}\n", &input[..cut]);
        let mut bytes = prefix.as_bytes();
        let mut parser = Parser::new();
        parser.set_input_string(&mut bytes);
        loop {
            match next_event(&mut parser) {
                Err(TagBeforeComma) => return true,
                Ok(Ok(event)) if event.data != EventData::StreamEnd => {}
                Ok(_) => return false,
            }
        }
    };
    // `panics(len)` is false up to the `,` and true from just after it.
    let (mut low, mut high) = (0, input.len());
    if !panics(high) {
        return None;
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if panics(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    (input.as_bytes()[high - 1] == b',').then_some(high - 1)
}

/// Installs, once, a panic hook that prints nothing for the known panic
/// (it is reported as a YAML error instead) and hands every other panic to
/// the hook installed before it: the CLI's default message, or a fuzzer's
/// abort, which must still fire for any other panic.
pub fn quiet_known_panic() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !is_known_panic(info) {
                previous(info);
            }
        }));
    });
}

/// The known panic, by its message and by where it is raised.
pub fn is_known_panic(info: &PanicHookInfo) -> bool {
    let at_scanner = info.location().is_some_and(|location| {
        let file = location.file();
        file.contains(CRATE) && file.ends_with(FILE)
    });
    at_scanner && payload_message(info.payload()) == Some(MESSAGE)
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comma_after_the_tag_is_found() {
        quiet_known_panic();
        let text = "a: \"x!y,\"\nverbs: [get, \"!!str,\", !!str, list]\n";
        let comma = text.rfind("!!str,").unwrap() + 5;
        assert_eq!(tag_before_comma_offset(text), Some(comma));
        let text = "{a: [{b: [!foo,]}]}";
        assert_eq!(tag_before_comma_offset(text), Some(text.find(',').unwrap()));
        assert_eq!(tag_before_comma_offset("verbs: [get]\n"), None);
    }
}
