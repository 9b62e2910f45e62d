//! What a scalar means to Kubernetes: go-yaml v2's resolution (YAML 1.1, as
//! sigs.k8s.io/yaml decodes for kubectl and the API server), and the JSON
//! object key sigs.k8s.io/yaml makes of a scalar key.
//!
//! - Plain scalars: `y`, `yes`, `on`, `true` (in lower, capitalised or upper
//!   case) are `true`; `n`, `no`, `off`, `false` are `false`; `~`, `null`
//!   and the empty scalar are null; integers take Go's base prefixes (`0x`,
//!   `0o`, `0b`, a leading `0` for octal) and may hold `_`.
//! - Quoted and block scalars are strings unless explicitly tagged.
//! - `!!binary` decodes base64 to the bytes' text; `!!str` is always a
//!   string; `!!int`, `!!bool`, ... must hold what they say, or the document
//!   is rejected; any other tag leaves the text a string.

use serde_json::Value;

const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// A scalar's resolved value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved {
    Str,
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
}

impl Resolved {
    /// The JSON value, `None` for a string (the caller has the text).
    pub(crate) fn to_json(&self) -> Option<Value> {
        match *self {
            Resolved::Str => None,
            Resolved::Null => Some(Value::Null),
            Resolved::Bool(b) => Some(Value::Bool(b)),
            Resolved::Int(i) => Some(Value::from(i)),
            Resolved::UInt(u) => Some(Value::from(u)),
            Resolved::Float(f) => {
                Some(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
            }
        }
    }

    /// The JSON object key sigs.k8s.io/yaml makes of a scalar key; `None`
    /// for a key it refuses (null, or an integer beyond `i64`).
    pub(crate) fn key_text<'a>(&self, text: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        use std::borrow::Cow;
        Some(match *self {
            Resolved::Str => Cow::Borrowed(text),
            Resolved::Null | Resolved::UInt(_) => return None,
            Resolved::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Resolved::Int(i) => Cow::Owned(i.to_string()),
            Resolved::Float(f) => Cow::Owned(go_float_key(f)),
        })
    }
}

/// How untagged plain scalars resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// go-yaml v2, as Kubernetes decodes manifests (YAML 1.1: `on` is `true`).
    Kubernetes,
    /// The YAML 1.2 core schema (`on` is a string), for rbaclint's own config.
    Core,
}

/// Resolves a scalar event: its tag (`None` when untagged), whether the
/// parser calls it plain-implicit, and its text. `!!binary` text is
/// replaced by the decoded bytes. Errors are go-yaml's.
pub(crate) fn resolve(
    schema: Schema,
    tag: Option<&str>,
    plain_implicit: bool,
    value: &mut String,
) -> Result<Resolved, String> {
    let tag = tag.unwrap_or("");
    if tag.is_empty() && !plain_implicit {
        return Ok(Resolved::Str);
    }
    let short = tag.strip_prefix(TAG_PREFIX);
    match short {
        _ if tag.is_empty() && schema == Schema::Core => Ok(core(value)),
        _ if tag.is_empty() => Ok(implicit(value)),
        Some("str") => Ok(Resolved::Str),
        Some("binary") => {
            let bytes = decode_base64(value)
                .ok_or_else(|| "!!binary value contains invalid base64 data".to_string())?;
            *value = String::from_utf8_lossy(&bytes).into_owned();
            Ok(Resolved::Str)
        }
        Some(wanted @ ("bool" | "int" | "float" | "null" | "timestamp")) => {
            let got = implicit(value);
            let got_tag = match got {
                Resolved::Str if wanted == "timestamp" && looks_like_timestamp(value) => {
                    return Ok(Resolved::Str)
                }
                Resolved::Str => "str",
                Resolved::Null => "null",
                Resolved::Bool(_) => "bool",
                Resolved::Int(_) | Resolved::UInt(_) => "int",
                Resolved::Float(_) => "float",
            };
            match (wanted, got) {
                (w, got) if w == got_tag => Ok(got),
                ("float", Resolved::Int(i)) => Ok(Resolved::Float(i as f64)),
                _ => Err(format!(
                    "cannot decode !!{got_tag} `{value}` as a !!{wanted}"
                )),
            }
        }
        // `!`, `!foo`, `!<x:y>` and other tags leave the text a string.
        _ => Ok(Resolved::Str),
    }
}

/// go-yaml v2's resolution of an untagged plain scalar.
fn implicit(v: &str) -> Resolved {
    match v {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match v.as_bytes()[0] {
        b'.' if is_yaml_float(v) => {
            if let Some(f) = finite(v) {
                return Resolved::Float(f);
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            if looks_like_timestamp(v) {
                // Decoded into an untyped value, a timestamp stays its text.
                return Resolved::Str;
            }
            let plain = v.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                return match i64::try_from(i) {
                    Ok(i) => Resolved::Int(i),
                    Err(_) => match u64::try_from(i) {
                        Ok(u) if !plain.starts_with(['+', '-']) => Resolved::UInt(u),
                        _ => Resolved::Str,
                    },
                };
            }
            if is_yaml_float(&plain) {
                if let Some(f) = finite(&plain) {
                    return Resolved::Float(f);
                }
            }
        }
        _ => {}
    }
    Resolved::Str
}

/// The YAML 1.2 core schema's resolution of an untagged plain scalar.
fn core(v: &str) -> Resolved {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        "true" | "True" | "TRUE" => Resolved::Bool(true),
        "false" | "False" | "FALSE" => Resolved::Bool(false),
        _ if v.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.')) => {
            match implicit(v) {
                number @ (Resolved::Int(_) | Resolved::UInt(_) | Resolved::Float(_)) => number,
                _ => Resolved::Str,
            }
        }
        _ => Resolved::Str,
    }
}

fn finite(v: &str) -> Option<f64> {
    v.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(v: &str) -> bool {
    let b = v.strip_prefix(['-', '+']).unwrap_or(v).as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(0);
    if i == 0 {
        if b.first() != Some(&b'.') {
            return false;
        }
        let frac = digits(1);
        if frac == 0 {
            return false;
        }
        i = 1 + frac;
    } else if b.get(i) == Some(&b'.') {
        i += 1 + digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint` syntax: an optional sign,
/// then `0x`, `0o`, `0b` or a leading `0` (octal) or decimal digits.
fn go_parse_int(s: &str) -> Option<i128> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = rest.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &rest[2..]),
        Some("0o") => (8, &rest[2..]),
        Some("0b") => (2, &rest[2..]),
        _ if rest.len() > 1 && rest.starts_with('0') => (8, &rest[1..]),
        _ => (10, rest),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()? as i128;
    let value = if negative { -magnitude } else { magnitude };
    (value >= i64::MIN as i128).then_some(value)
}

/// Starts with four digits and a dash, as every YAML timestamp does.
fn looks_like_timestamp(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)` as sigs.k8s.io/yaml formats a
/// float key, with its names for the infinities and NaN.
fn go_float_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let f = f as f32;
    // Shortest digits and exponent, e.g. "1.5e0".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    // For the shortest precision Go switches to %e below 1e-4 and from 1e6.
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

/// Standard base64 with padding, ignoring line breaks (Go's
/// `base64.StdEncoding.DecodeString`).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    if symbols.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(symbols.len() / 4 * 3);
    for (n, chunk) in symbols.chunks(4).enumerate() {
        let last = n + 1 == symbols.len() / 4;
        let mut acc = 0u32;
        let mut padding = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let sextet = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if last && i >= 2 => {
                    padding += 1;
                    0
                }
                _ => return None,
            };
            if padding > 0 && c != b'=' {
                return None;
            }
            acc = acc << 6 | u32::from(sextet);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &str) -> Resolved {
        resolve(Schema::Kubernetes, None, true, &mut v.to_string()).unwrap()
    }

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        for v in ["y", "Yes", "ON", "true"] {
            assert_eq!(plain(v), Resolved::Bool(true), "{v}");
        }
        for v in ["n", "NO", "off", "False"] {
            assert_eq!(plain(v), Resolved::Bool(false), "{v}");
        }
        assert_eq!(plain("~"), Resolved::Null);
        assert_eq!(plain(""), Resolved::Null);
        assert_eq!(plain("yEs"), Resolved::Str);
        let core = |v: &str| resolve(Schema::Core, None, true, &mut v.to_string()).unwrap();
        assert_eq!(core("off"), Resolved::Str);
        assert_eq!(core("true"), Resolved::Bool(true));
        assert_eq!(core("0x10"), Resolved::Int(16));
    }

    #[test]
    fn go_integers_and_floats() {
        assert_eq!(plain("0x1f"), Resolved::Int(31));
        assert_eq!(plain("010"), Resolved::Int(8));
        assert_eq!(plain("0o10"), Resolved::Int(8));
        assert_eq!(plain("-0b101"), Resolved::Int(-5));
        assert_eq!(plain("1_000"), Resolved::Int(1000));
        assert_eq!(plain("08"), Resolved::Float(8.0));
        assert_eq!(plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(plain(".5"), Resolved::Float(0.5));
        assert_eq!(plain("1."), Resolved::Float(1.0));
        assert_eq!(plain("18446744073709551615"), Resolved::UInt(u64::MAX));
        assert_eq!(plain("2001-12-14"), Resolved::Str);
        assert_eq!(plain("1.2.3"), Resolved::Str);
        assert_eq!(plain("-"), Resolved::Str);
        assert_eq!(plain("0x"), Resolved::Str);
    }

    #[test]
    fn tags() {
        let tag =
            |t: &str, v: &str| resolve(Schema::Kubernetes, Some(t), false, &mut v.to_string());
        assert_eq!(tag("tag:yaml.org,2002:str", "5"), Ok(Resolved::Str));
        assert_eq!(tag("tag:yaml.org,2002:int", "5"), Ok(Resolved::Int(5)));
        assert_eq!(
            tag("tag:yaml.org,2002:float", "5"),
            Ok(Resolved::Float(5.0))
        );
        assert_eq!(
            tag("tag:yaml.org,2002:int", "abc"),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
        assert_eq!(tag("!foo", "5"), Ok(Resolved::Str));
        assert_eq!(
            resolve(Schema::Kubernetes, None, false, &mut "yes".to_string()),
            Ok(Resolved::Str)
        );
        let mut star = "Kg==".to_string();
        assert_eq!(
            resolve(
                Schema::Kubernetes,
                Some("tag:yaml.org,2002:binary"),
                false,
                &mut star
            ),
            Ok(Resolved::Str)
        );
        assert_eq!(star, "*");
        assert!(tag("tag:yaml.org,2002:binary", "K g==").is_err());
    }

    #[test]
    fn base64() {
        assert_eq!(
            decode_base64("Y2x1c3Rlci1hZG1pbg==").unwrap(),
            b"cluster-admin"
        );
        assert_eq!(decode_base64("dmVy\nYnM=").unwrap(), b"verbs");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert!(decode_base64("Kg=").is_none());
        assert!(decode_base64("K=g=").is_none());
    }

    #[test]
    fn float_keys_as_go_formats_them() {
        assert_eq!(go_float_key(1.5), "1.5");
        assert_eq!(go_float_key(1e21), "1e+21");
        assert_eq!(go_float_key(100000.0), "100000");
        assert_eq!(go_float_key(1234567.0), "1.234567e+06");
        assert_eq!(go_float_key(f64::INFINITY), ".inf");
    }
}
