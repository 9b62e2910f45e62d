//! Writes one pathological input of issue 9 to stdout, at about a size:
//! `gen-bad-input CLASS BYTES` (the classes of `tests/it/generators.rs`:
//! capability-product, nested-anchors, wide-merge, many-stars,
//! minified-json, many-suppressions, deep-flow, alias-fan-out). The file is
//! the largest of its class not over BYTES (a class's smallest file may be
//! larger). Used for the fuzz seeds (`fuzz/seeds/`) and by
//! `benches/bad_input.sh`.

#[allow(dead_code)]
#[path = "../../tests/it/generators.rs"]
mod generators;

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, bytes] = args.as_slice() else {
        eprintln!("usage: gen-bad-input CLASS BYTES");
        std::process::exit(2);
    };
    let bytes: usize = bytes.parse().expect("BYTES is a number");
    let Some(class) = generators::CLASSES.iter().find(|c| c.name == name) else {
        let names: Vec<&str> = generators::CLASSES.iter().map(|c| c.name).collect();
        eprintln!("unknown class {name}; one of: {}", names.join(", "));
        std::process::exit(2);
    };
    // Sizes grow linearly with `n`: scale from the class's 100 KB file,
    // then step down until the file fits.
    let reference = (class.make)(class.n).len();
    let mut n = (class.n * bytes / reference).max(1);
    let mut text = (class.make)(n);
    while text.len() > bytes && n > 1 {
        n = n * 9 / 10;
        text = (class.make)(n);
    }
    std::io::stdout().write_all(text.as_bytes()).unwrap();
}
