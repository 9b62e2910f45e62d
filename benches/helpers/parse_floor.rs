//! The parse floor: the least work any linter built on libyaml-safer must do.
//! `parse-floor PATH...` reads the same files rbaclint would (directories
//! walked for `*.yaml`, `*.yml`, `*.json`, files as given) and runs a bare
//! event scan over each — one thread, no tree, no spans kept — then prints
//! the number of files and events so the work cannot be optimised away.

use libyaml_safer::{EventData, Parser};
use rbaclint::discover::{discover, glob_set, Options};

fn scan(bytes: &[u8]) -> usize {
    let mut input = bytes;
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    let mut events = 0;
    loop {
        match parser.parse() {
            Ok(event) => {
                events += 1;
                if matches!(event.data, EventData::StreamEnd) {
                    return events;
                }
            }
            Err(_) => return events,
        }
    }
}

fn main() {
    let mut files = 0;
    let mut events = 0;
    // The files rbaclint itself would lint, read the same way.
    let roots: Vec<String> = std::env::args().skip(1).collect();
    let options = Options::new(glob_set(&[]).expect("no globs"));
    for input in discover(&roots, &options).inputs {
        let Ok(mut bytes) = input.bytes() else {
            continue;
        };
        // The same input rbaclint parses (it appends a missing final newline).
        if !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        files += 1;
        events += scan(&bytes);
    }
    println!("{files} files, {events} events");
}
