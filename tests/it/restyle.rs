//! Writes a JSON value as YAML in a style chosen by a stream of bytes, so
//! that Kubernetes' decoder (go-yaml v2 under sigs.k8s.io/yaml) makes the
//! same value of it again: block or flow collections at any indentation,
//! plain, quoted, escaped, block and `!!binary` scalars, YAML 1.1 booleans
//! and nulls, anchors and aliases of repeated values, comments, and merge
//! keys with decoys that document order must override (an explicit key
//! before a `<<` that replaces it, a merged key before an explicit one that
//! replaces it, the later map of `<<: [a, b]`). Every rule used is one the
//! decode cases (`../shared/decode-cases`) show of go-yaml v2.
//!
//! Shared by the differential property test (`decode_property.rs`) and the
//! `decode` fuzz target (`fuzz/fuzz_targets/decode.rs`), which includes this
//! file by path.

use serde_json::{Map, Value};

/// Numbers compared by value, as decoders agree on them: go-yaml writes
/// `1000` for the float 1e3.
pub fn normalise(value: Value) -> Value {
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalise(v))).collect())
        }
        other => other,
    }
}

/// Style decisions read from bytes; once the bytes run out, every decision
/// is the plainest style.
pub struct Choices<'a> {
    bytes: &'a [u8],
}

impl<'a> Choices<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Choices { bytes }
    }

    /// A number below `n` (0 once the bytes run out).
    fn pick(&mut self, n: usize) -> usize {
        match self.bytes.split_first() {
            Some((&b, rest)) => {
                self.bytes = rest;
                b as usize % n
            }
            None => 0,
        }
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.pick(n) == n - 1
    }
}

/// `value` as a YAML document, or `None` when it holds what this writer
/// does not spell (floats with an exponent, keys too long to be implicit).
pub fn restyle(value: &Value, choices: &mut Choices) -> Option<String> {
    if !supported(value) {
        return None;
    }
    let mut writer = Writer {
        choices,
        out: String::new(),
        anchors: Vec::new(),
        merge_depth: 0,
    };
    writer.document(value);
    Some(writer.out)
}

fn supported(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_i64() || n.is_u64() || float_text(n.as_f64()).is_some(),
        Value::Array(items) => items.iter().all(supported),
        // An implicit key is at most 1024 characters once written.
        Value::Object(map) => map
            .iter()
            .all(|(k, v)| k.chars().count() <= 60 && supported(v)),
        _ => true,
    }
}

/// A float as go-yaml v2 reads it back: digits, a dot, digits.
fn float_text(f: Option<f64>) -> Option<String> {
    let text = format!("{:?}", f?);
    (text.contains('.') && !text.contains(['e', 'E'])).then_some(text)
}

struct Writer<'c, 'b> {
    choices: &'c mut Choices<'b>,
    out: String,
    /// Values written under an anchor, with its name, and whether the
    /// value is complete (an alias inside its own anchor is an error).
    anchors: Vec<(Value, String, bool)>,
    /// How many merge keys enclose the mapping being written.
    merge_depth: usize,
}

/// What `<<` keys a block mapping gets (see [`Writer::plan_merge`]).
enum Merge {
    None,
    /// `<<: {moved, decoys for the other keys}` first, then the other keys.
    Before(Map<String, Value>),
    /// The other keys, with a decoy for each moved key, then `<<: {moved}`.
    AfterDecoys(Map<String, Value>),
    /// `<<: [{moved}, {decoys}]`: the first map wins.
    SequenceFirstWins(Map<String, Value>),
}

const DECOY: &str = "*";

impl Writer<'_, '_> {
    fn document(&mut self, value: &Value) {
        self.out.push_str(
            [
                "",
                "---\n",
                "%YAML 1.1\n---\n",
                "# restyled\n",
                "\u{feff}",
                "\n--- # doc\n",
            ][self.choices.pick(6)],
        );
        match value {
            Value::Object(map) if !map.is_empty() && !self.choices.one_in(5) => {
                self.block_map(map, 0, false)
            }
            Value::Array(items) if !items.is_empty() && !self.choices.one_in(5) => {
                self.block_seq(items, 0, false)
            }
            _ => {
                let text = self.flow(value, 0);
                self.out.push_str(&text);
                self.out.push('\n');
            }
        }
        self.out
            .push_str(["", "...\n", "# end\n"][self.choices.pick(3)]);
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Sometimes a comment line (at any column: it ends no collection).
    fn comment_line(&mut self, indent: usize) {
        if self.choices.one_in(6) {
            let at = [0, indent][self.choices.pick(2)];
            self.indent(at);
            self.out.push_str("# a comment: [x, {y}] 'z\n");
        }
    }

    /// `&name ` or `*name` for a value: an alias when an equal value was
    /// anchored earlier (and the choice says so), else maybe a new anchor.
    fn alias_or_anchor(&mut self, value: &Value) -> Result<String, String> {
        let done = self.anchors.iter().find(|(v, _, done)| *done && v == value);
        if let Some((_, name, _)) = done {
            let alias = format!("*{name}");
            if !self.choices.one_in(4) {
                return Err(alias);
            }
        }
        if self.choices.one_in(4) {
            let name = format!("a{}", self.anchors.len());
            self.anchors.push((value.clone(), name.clone(), false));
            return Ok(format!("&{name} "));
        }
        Ok(String::new())
    }

    /// Marks the anchor `&name ` (if any) complete: aliases may follow.
    fn complete(&mut self, anchor: &str) {
        let name = anchor.trim_start_matches('&').trim_end();
        if let Some(entry) = self.anchors.iter_mut().find(|(_, n, _)| n == name) {
            entry.2 = true;
        }
    }

    /// Writes `value` after `key:` or `-` (already written, no space),
    /// whose column is `indent`.
    fn block_value(&mut self, value: &Value, indent: usize, after_dash: bool) {
        match self.alias_or_anchor(value) {
            Ok(anchor) => {
                self.anchored_block_value(value, indent, after_dash, &anchor);
                self.complete(&anchor);
            }
            Err(alias) => {
                self.out.push(' ');
                self.out.push_str(&alias);
                self.end_line();
            }
        }
    }

    fn anchored_block_value(
        &mut self,
        value: &Value,
        indent: usize,
        after_dash: bool,
        anchor: &str,
    ) {
        let step = 1 + self.choices.pick(4);
        match value {
            Value::Object(map) if !map.is_empty() && !self.choices.one_in(4) => {
                if after_dash && anchor.is_empty() && self.choices.one_in(2) {
                    // Compact: `- key: value` with the keys aligned after the dash.
                    self.indent(step);
                    self.block_map(map, indent + 1 + step, true);
                } else {
                    self.out.push(' ');
                    self.out.push_str(anchor.trim_end());
                    self.end_line();
                    self.block_map(map, indent + step, false);
                }
            }
            Value::Array(items) if !items.is_empty() && !self.choices.one_in(4) => {
                if after_dash && anchor.is_empty() && self.choices.one_in(2) {
                    self.indent(step);
                    self.block_seq(items, indent + 1 + step, true);
                } else {
                    self.out.push(' ');
                    self.out.push_str(anchor.trim_end());
                    self.end_line();
                    // A sequence under a key may sit at the key's column.
                    let at = if after_dash || self.choices.one_in(2) {
                        indent + step
                    } else {
                        indent
                    };
                    self.block_seq(items, at, false);
                }
            }
            Value::String(s) if block_scalar_fits(s) && self.choices.one_in(4) => {
                self.out.push(' ');
                self.out.push_str(anchor);
                self.out.push_str(["|-", ">-"][self.choices.pick(2)]);
                self.out.push('\n');
                self.indent(indent + step);
                self.out.push_str(s);
                self.out.push('\n');
            }
            Value::Null if anchor.is_empty() && self.choices.one_in(3) => self.end_line(),
            _ => {
                let text = self.flow_scalar_or_collection(value, indent);
                self.out.push(' ');
                self.out.push_str(anchor);
                self.out.push_str(&text);
                self.end_line();
            }
        }
    }

    /// Ends a line, sometimes with a comment.
    fn end_line(&mut self) {
        if self.choices.one_in(5) {
            self.out.push_str(" # note: {a, [b]}");
        }
        self.out.push('\n');
    }

    /// A block mapping whose keys sit at column `indent`; `positioned` when
    /// the first key's column is already reached.
    fn block_map(&mut self, map: &Map<String, Value>, indent: usize, positioned: bool) {
        let merge = self.plan_merge(map);
        let mut first = positioned;
        let mut line = |this: &mut Self| {
            if first {
                first = false;
            } else {
                this.comment_line(indent);
                this.indent(indent);
            }
        };
        match &merge {
            Merge::Before(moved) => {
                line(self);
                let mut merged = moved.clone();
                for key in map.keys().filter(|k| !moved.contains_key(*k)) {
                    merged.insert(key.clone(), Value::String(DECOY.into()));
                }
                self.merge_entry(&Value::Object(merged), indent);
            }
            Merge::AfterDecoys(moved) => {
                for key in moved.keys() {
                    line(self);
                    self.key(key);
                    self.block_value(&Value::String(DECOY.into()), indent, false);
                }
            }
            _ => {}
        }
        let moved = match &merge {
            Merge::None => None,
            Merge::Before(m) | Merge::AfterDecoys(m) | Merge::SequenceFirstWins(m) => Some(m),
        };
        for (key, value) in map {
            if moved.is_some_and(|m| m.contains_key(key)) {
                continue;
            }
            line(self);
            self.key(key);
            self.block_value(value, indent, false);
        }
        match merge {
            Merge::AfterDecoys(moved) => {
                line(self);
                self.merge_entry(&Value::Object(moved), indent);
            }
            Merge::SequenceFirstWins(moved) => {
                line(self);
                let decoys: Map<String, Value> = moved
                    .keys()
                    .map(|k| (k.clone(), Value::String(DECOY.into())))
                    .collect();
                let list = Value::Array(vec![Value::Object(moved), Value::Object(decoys)]);
                self.merge_entry(&list, indent);
            }
            _ => {}
        }
        if first {
            // An empty mapping with nothing to write (cannot happen: callers
            // write `{}` for empty maps).
            self.out.push_str("{}\n");
        }
    }

    /// `<<: value` (the key plain, or tagged `!!merge`).
    fn merge_entry(&mut self, value: &Value, indent: usize) {
        self.out
            .push_str(["<<:", "!!merge \"<<\":", "!!merge <<:"][self.choices.pick(3)]);
        self.merge_depth += 1;
        // go-yaml v2 refuses an alias of a sequence as a merge value.
        let text = match value {
            Value::Array(_) => self.flow_scalar_or_collection(value, indent),
            _ => self.flow(value, indent),
        };
        self.merge_depth -= 1;
        self.out.push(' ');
        self.out.push_str(&text);
        self.end_line();
    }

    /// Which keys of a mapping move into a merge, and how.
    fn plan_merge(&mut self, map: &Map<String, Value>) -> Merge {
        if self.merge_depth > 0 || map.contains_key("<<") || !self.choices.one_in(3) {
            return Merge::None;
        }
        let moved: Map<String, Value> = map
            .iter()
            .filter(|_| self.choices.pick(2) == 1)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        match self.choices.pick(3) {
            0 => Merge::Before(moved),
            1 => Merge::AfterDecoys(moved),
            _ => Merge::SequenceFirstWins(moved),
        }
    }

    fn block_seq(&mut self, items: &[Value], indent: usize, positioned: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !positioned {
                self.comment_line(indent);
                self.indent(indent);
            }
            self.out.push('-');
            self.block_value(item, indent, true);
        }
    }

    fn key(&mut self, key: &str) {
        let text = if key == "<<" {
            // Quoted, untagged: a key, not a merge.
            [single_quoted(key), double_quoted(key, &mut *self.choices)][self.choices.pick(2)]
                .clone()
        } else {
            self.string(key, true)
        };
        self.out.push_str(&text);
        self.out.push(':');
    }

    /// A value in flow style, with an anchor or as an alias sometimes.
    fn flow(&mut self, value: &Value, indent: usize) -> String {
        match self.alias_or_anchor(value) {
            Err(alias) => alias,
            Ok(anchor) => {
                let text = self.flow_scalar_or_collection(value, indent);
                self.complete(&anchor);
                anchor + &text
            }
        }
    }

    /// A flow collection may break across lines, each indented past the
    /// enclosing block's column `indent`.
    fn flow_scalar_or_collection(&mut self, value: &Value, indent: usize) -> String {
        let separator = |this: &mut Self| match this.choices.pick(4) {
            0 => ", ".to_string(),
            1 => ",".to_string(),
            2 => format!(",\n{}", " ".repeat(indent + 1)),
            _ => " , ".to_string(),
        };
        match value {
            Value::Object(map) => {
                let mut parts = Vec::new();
                for (key, value) in map {
                    let key = if key == "<<" {
                        single_quoted(key)
                    } else {
                        self.string(key, true)
                    };
                    let value = self.flow(value, indent);
                    parts.push(format!("{key}: {value}"));
                }
                let mut text = String::from("{");
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        text.push_str(&separator(self));
                    }
                    text.push_str(part);
                }
                text.push('}');
                text
            }
            Value::Array(items) => {
                let mut text = String::from("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        text.push_str(&separator(self));
                    }
                    let item = self.flow(item, indent);
                    text.push_str(&item);
                }
                text.push(']');
                text
            }
            Value::String(s) => self.string(s, false),
            Value::Bool(true) => ["true", "yes", "on", "y", "True", "YES", "On", "Y", "TRUE"]
                [self.choices.pick(9)]
            .into(),
            Value::Bool(false) => [
                "false", "no", "off", "n", "False", "NO", "Off", "N", "FALSE",
            ][self.choices.pick(9)]
            .into(),
            Value::Null => ["null", "~", "Null", "NULL"][self.choices.pick(4)].into(),
            Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
            Value::Number(n) => float_text(n.as_f64()).expect("checked by supported()"),
        }
    }

    /// A string scalar: plain when that stays a string, else quoted,
    /// escaped or `!!binary`; a value may also be tagged `!!str` or with a
    /// custom tag.
    fn string(&mut self, s: &str, is_key: bool) -> String {
        let plain = plain_is_string(s);
        match self.choices.pick(8) {
            0 | 1 if plain => s.to_string(),
            2 if !s.is_empty() => format!("!!binary {}", base64(s.as_bytes())),
            3 if single_quotable(s) => single_quoted(s),
            4 if !is_key => format!("!!str {}", double_quoted(s, self.choices)),
            5 if plain && !is_key => format!("!custom {s}"),
            _ => double_quoted(s, self.choices),
        }
    }
}

/// Whether a plain scalar `s` is the string `s` to go-yaml v2: a letter
/// first, no indicator or space, and not a YAML 1.1 boolean or null.
fn plain_is_string(s: &str) -> bool {
    const WORDS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Printable on one line as YAML 1.1 reads it (not a line break: the
/// parser also breaks lines at U+2028 and U+2029).
fn printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

fn single_quotable(s: &str) -> bool {
    s.chars().all(printable)
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Double-quoted, with every unprintable character escaped and some
/// ordinary ones escaped too (`\x2a` is `*`).
fn double_quoted(s: &str, choices: &mut Choices) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() && choices.one_in(8) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if printable(c) && choices.one_in(12) && (c as u32) <= 0xffff => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A one-line `|-` or `>-` block scalar reads back as exactly `s`.
fn block_scalar_fits(s: &str) -> bool {
    !s.is_empty() && !s.starts_with([' ', '#']) && !s.ends_with(' ') && s.chars().all(printable)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
