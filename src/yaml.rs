//! YAML streams as trees of nodes that know their byte span.
//!
//! Built straight from libyaml-safer's events (see the README's design notes
//! for why that parser). The tree resolves what kubectl resolves before rules
//! run — aliases and `<<` merge keys — while every node keeps the span of the
//! text it came from, so a `*` merged in from an anchor is reported where it
//! is written. Limits on nesting and alias expansion keep hostile input from
//! exhausting the stack or memory.

use std::collections::HashMap;

use libyaml_safer::{EventData, Mark, Parser, ScalarStyle};
use serde_json::Value;

use crate::source::Span;

/// Deepest nesting of collections accepted; Kubernetes objects stay far below.
pub const MAX_DEPTH: usize = 1000;
/// Nodes that alias expansion may create in one file (billion-laughs guard).
pub const ALIAS_EXPANSION_BUDGET: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub value: String,
    /// Plain (unquoted, not block) scalars are resolved to null, bool and numbers.
    pub plain: bool,
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A key written twice in one mapping. Clients disagree on which one wins.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// `None` for an empty or comment-only document.
    pub root: Option<Node>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// A stream that could not be parsed to its end.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    /// Byte offset of the problem in the file.
    pub offset: usize,
}

/// Every document before the first error, and the error if there was one.
#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub error: Option<YamlError>,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    /// The value of `key` in a mapping (the last one when a key repeats).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .rev()
                .find(|e| e.key.as_str() == Some(key))
                .map(|e| &e.value),
            _ => None,
        }
    }

    /// The string value of `key`, when it is a scalar.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    fn count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar(_) => 0,
            NodeKind::Seq(items) => items.iter().map(Node::count).sum(),
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| e.key.count() + e.value.count())
                .sum(),
        }
    }

    /// The JSON value Kubernetes would see (YAML 1.2 core schema for plain
    /// scalars; the last of duplicate keys wins, as in most clients).
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar(s) => s.to_json(),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    let key = match &e.key.kind {
                        NodeKind::Scalar(s) => s.value.clone(),
                        _ => e.key.to_json().to_string(),
                    };
                    map.insert(key, e.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

impl Scalar {
    fn to_json(&self) -> Value {
        self.resolved()
            .unwrap_or_else(|| Value::String(self.value.clone()))
    }

    /// The null, bool or number this scalar resolves to; `None` for a string
    /// (so callers can borrow [`Scalar::value`] instead of copying it).
    pub fn resolved(&self) -> Option<Value> {
        match self.tag.as_deref() {
            Some("tag:yaml.org,2002:str") => None,
            Some("tag:yaml.org,2002:int" | "tag:yaml.org,2002:float")
            | Some("tag:yaml.org,2002:bool" | "tag:yaml.org,2002:null") => {
                resolve_plain(&self.value)
            }
            _ if self.plain => resolve_plain(&self.value),
            _ => None,
        }
    }
}

/// YAML 1.2 core schema resolution of a plain scalar; `None` means string.
fn resolve_plain(v: &str) -> Option<Value> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let first = v.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = v.parse::<i64>() {
            return Some(Value::from(i));
        }
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Value::from);
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Value::from);
    }
    let is_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if is_float {
        if let Ok(f) = v.parse::<f64>() {
            return serde_json::Number::from_f64(f).map(Value::Number);
        }
    }
    None
}

/// A collection under construction.
enum Open {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: Option<String>,
        flow: bool,
    },
    Map {
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        start: usize,
        anchor: Option<String>,
        flow: bool,
    },
}

struct Builder {
    base: usize,
    /// The offset just past the text: spans end there at the latest, even
    /// when the parser read the line break added after the last line.
    limit: usize,
    stack: Vec<Open>,
    anchors: HashMap<String, Node>,
    alias_budget: usize,
    duplicates: Vec<DuplicateKey>,
    root: Option<Node>,
}

impl Builder {
    fn offset(&self, mark: Mark) -> usize {
        (self.base + mark.index as usize).min(self.limit)
    }

    /// Adds a finished node to the collection being built (or makes it the root).
    fn push(&mut self, node: Node, anchor: Option<String>) {
        if let Some(name) = anchor {
            self.anchors.insert(name, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }

    /// Starts a collection, refusing nesting deeper than [`MAX_DEPTH`].
    fn open(&mut self, collection: Open) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.stack.push(collection);
        Ok(())
    }

    fn close(&mut self, end_mark: Mark) -> Result<(), String> {
        let end_event = self.offset(end_mark);
        let open = self.stack.pop().ok_or("unbalanced collection end")?;
        let (node, anchor) = match open {
            Open::Seq {
                items,
                start,
                anchor,
                flow,
            } => {
                let end = if flow {
                    end_event
                } else {
                    items.last().map_or(start, |n| n.span.end)
                };
                (
                    Node {
                        kind: NodeKind::Seq(items),
                        span: Span::new(start, end.max(start)),
                    },
                    anchor,
                )
            }
            Open::Map {
                entries,
                start,
                anchor,
                flow,
                ..
            } => {
                let end = if flow {
                    end_event
                } else {
                    entries
                        .last()
                        .map_or(start, |e| e.value.span.end.max(e.key.span.end))
                };
                let entries = self.resolve_merges(entries);
                (
                    Node {
                        kind: NodeKind::Map(entries),
                        span: Span::new(start, end.max(start)),
                    },
                    anchor,
                )
            }
        };
        self.push(node, anchor);
        Ok(())
    }

    /// Applies `<<` merge keys (explicit keys win; earlier merge sources win
    /// over later ones) and records duplicate keys.
    fn resolve_merges(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut own = Vec::with_capacity(entries.len());
        let mut merged = Vec::new();
        for entry in entries {
            let is_merge = matches!(&entry.key.kind, NodeKind::Scalar(s)
                if s.value == "<<" && s.plain && s.tag.as_deref().is_none_or(|t| t.ends_with(":merge")));
            if is_merge {
                match entry.value.kind {
                    NodeKind::Map(source) => merged.extend(source),
                    NodeKind::Seq(sources) => {
                        for source in sources {
                            if let NodeKind::Map(source) = source.kind {
                                merged.extend(source);
                            }
                        }
                    }
                    NodeKind::Scalar(_) => own.push(entry),
                }
            } else {
                own.push(entry);
            }
        }
        let mut seen: HashMap<&str, Span> = HashMap::with_capacity(own.len());
        for entry in &own {
            if let Some(key) = entry.key.as_str() {
                if let Some(first) = seen.insert(key, entry.key.span) {
                    self.duplicates.push(DuplicateKey {
                        key: key.to_string(),
                        first,
                        second: entry.key.span,
                    });
                }
            }
        }
        let mut from_merge = Vec::new();
        for entry in merged {
            let key = entry.key.as_str().map(str::to_string);
            let taken = key.as_deref().is_some_and(|k| seen.contains_key(k))
                || from_merge
                    .iter()
                    .any(|e: &Entry| e.key.as_str() == key.as_deref() && key.is_some());
            if !taken {
                from_merge.push(entry);
            }
        }
        own.extend(from_merge);
        own
    }
}

/// Parses every document of `text`. `base` is added to every offset (the
/// length of a byte-order mark stripped by the caller).
pub fn parse_stream(text: &str, base: usize) -> Stream {
    // libyaml-safer 0.3.0 panics on a block scalar that ends the input without
    // a line break; a trailing newline changes no offset before it.
    let owned;
    let mut input = if text.ends_with(['\n', '\r']) || text.is_empty() {
        text.as_bytes()
    } else {
        owned = format!("{text}\n");
        owned.as_bytes()
    };
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut stream = Stream::default();
    let mut builder = Builder {
        base,
        limit: base + text.len(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: ALIAS_EXPANSION_BUDGET,
        duplicates: Vec::new(),
        root: None,
    };
    loop {
        let event = match parser.parse() {
            Ok(event) => event,
            Err(err) => {
                let mark = err
                    .problem_mark()
                    .or(err.context_mark())
                    .unwrap_or_default();
                let message = match err.context() {
                    Some(context) => format!("{} {}", err.problem(), context),
                    None => err.problem().to_string(),
                };
                stream.error = Some(YamlError {
                    message,
                    offset: (base + mark.index as usize).min(base + text.len()),
                });
                return stream;
            }
        };
        let start = builder.offset(event.start_mark);
        let step: Result<(), String> = match event.data {
            EventData::StreamStart { .. } => Ok(()),
            EventData::StreamEnd => return stream,
            EventData::DocumentStart { .. } => {
                builder.anchors.clear();
                Ok(())
            }
            EventData::DocumentEnd { .. } => {
                stream.documents.push(Document {
                    root: builder.root.take(),
                    duplicate_keys: std::mem::take(&mut builder.duplicates),
                });
                Ok(())
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let end = builder.offset(event.end_mark);
                let node = Node {
                    kind: NodeKind::Scalar(Scalar {
                        value,
                        plain: style == ScalarStyle::Plain,
                        tag,
                    }),
                    span: Span::new(start, end),
                };
                builder.push(node, anchor);
                Ok(())
            }
            EventData::Alias { anchor } => match builder.anchors.get(&anchor) {
                None => Err(format!("unknown alias `*{anchor}`")),
                Some(node) => {
                    let cost = node.count();
                    if cost > builder.alias_budget {
                        Err(format!(
                            "alias expansion exceeds {ALIAS_EXPANSION_BUDGET} nodes (an alias bomb?)"
                        ))
                    } else {
                        builder.alias_budget -= cost;
                        let node = node.clone();
                        builder.push(node, None);
                        Ok(())
                    }
                }
            },
            EventData::SequenceStart { anchor, style, .. } => builder.open(Open::Seq {
                items: Vec::new(),
                start,
                anchor,
                flow: style == libyaml_safer::SequenceStyle::Flow,
            }),
            EventData::MappingStart { anchor, style, .. } => builder.open(Open::Map {
                entries: Vec::new(),
                pending_key: None,
                start,
                anchor,
                flow: style == libyaml_safer::MappingStyle::Flow,
            }),
            EventData::SequenceEnd | EventData::MappingEnd => builder.close(event.end_mark),
        };
        if let Err(message) = step {
            stream.error = Some(YamlError {
                message,
                offset: start.min(base + text.len()),
            });
            return stream;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let stream = parse_stream(text, 0);
        assert!(stream.error.is_none(), "{:?}", stream.error);
        stream.documents.into_iter().next().unwrap().root.unwrap()
    }

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.start..node.span.end]
    }

    #[test]
    fn spans_are_byte_ranges_even_after_multibyte_text() {
        let text = "# café ☕\nverbs: [\"get\", '*']\nname: naïve\n";
        let root = one(text);
        let star = &root.get("verbs").unwrap().items()[1];
        assert_eq!(slice(text, star), "'*'");
        assert_eq!(slice(text, root.get("name").unwrap()), "naïve");
    }

    #[test]
    fn crlf_and_base_offset() {
        let text = "a: 1\r\nb: x\r\n";
        let stream = parse_stream(text, 3);
        let root = stream.documents[0].root.as_ref().unwrap();
        assert_eq!(root.get("b").unwrap().span, Span::new(3 + 9, 3 + 10));
    }

    #[test]
    fn aliases_keep_the_anchor_span_and_merges_resolve() {
        let text = "base: &b {verbs: ['*']}\nrule:\n  <<: *b\n  apiGroups: ['']\n";
        let root = one(text);
        let rule = root.get("rule").unwrap();
        let verb = &rule.get("verbs").unwrap().items()[0];
        assert_eq!(slice(text, verb), "'*'");
        assert!(verb.span.end < text.find("rule").unwrap());
        assert_eq!(rule.get("apiGroups").unwrap().items().len(), 1);
    }

    #[test]
    fn explicit_keys_win_over_merged_ones() {
        let root = one("a: &a {x: 1, y: 2}\nb: {<<: *a, x: 3}\n");
        let b = root.get("b").unwrap().to_json();
        assert_eq!(b, serde_json::json!({"x": 3, "y": 2}));
    }

    #[test]
    fn duplicate_keys_are_recorded_and_the_last_wins() {
        let stream = parse_stream("verbs: [get]\nverbs: ['*']\n", 0);
        let doc = &stream.documents[0];
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(doc.duplicate_keys[0].first, Span::new(0, 5));
        assert_eq!(doc.duplicate_keys[0].second, Span::new(13, 18));
        assert_eq!(
            doc.root.as_ref().unwrap().to_json(),
            serde_json::json!({"verbs": ["*"]})
        );
    }

    #[test]
    fn scalars_resolve_by_the_core_schema() {
        let root = one("a: 5\nb: '5'\nc: true\nd: ~\ne: yes\nf: 1.5\ng: 0x10\nh: !!str 7\n");
        assert_eq!(
            root.to_json(),
            serde_json::json!({"a": 5, "b": "5", "c": true, "d": null, "e": "yes", "f": 1.5, "g": 16, "h": "7"})
        );
    }

    #[test]
    fn block_scalar_at_end_without_newline_does_not_panic() {
        let root = one("data: |\n  hello");
        assert_eq!(root.get_str("data"), Some("hello\n"));
        // Its span stops at the end of the text, not past the added newline.
        let text = "verbs: |\n ";
        let root = one(text);
        assert_eq!(root.get("verbs").unwrap().span.end, text.len());
    }

    #[test]
    fn documents_before_an_error_are_kept() {
        let stream = parse_stream("a: 1\n---\nb: [\n", 0);
        assert_eq!(stream.documents.len(), 1);
        let err = stream.error.unwrap();
        assert!(err.offset >= 9, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let stream = parse_stream(&text, 0);
        assert!(stream.error.unwrap().message.contains("alias"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(5000);
        let stream = parse_stream(&text, 0);
        assert!(stream.error.unwrap().message.contains("nesting"));
    }
}
