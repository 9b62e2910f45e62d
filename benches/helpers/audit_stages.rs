//! Times each stage of `rbaclint audit` alone, on one thread, to show where
//! the time of a run goes: `audit-stages PLAIN_LOG GZIP_LOG MANIFESTS...`
//! (the same log twice, plain and gzip-compressed).
//!
//! - gunzip: decompressing GZIP_LOG, the output thrown away;
//! - JSON: reading PLAIN_LOG's lines into events, the events thrown away;
//! - tally: the same plus deduplication and counting (what `audit` keeps);
//! - evaluation: loading MANIFESTS and judging their roles against the tally.
//!
//! Prints one tab-separated line per stage: name, CPU seconds of this
//! thread (Linux's `/proc/thread-self/schedstat`, so that waiting for a
//! core on a busy machine does not count; wall seconds elsewhere), and MB/s
//! of log.

use std::io::Read;
use std::time::Instant;

use rbaclint::audit_log::events::read_events;
use rbaclint::audit_log::tally::{Filter, Tally};
use rbaclint::settings::Settings;

fn open(path: &str) -> std::fs::File {
    std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"))
}

/// This thread's CPU time so far, else the time since `start`.
fn seconds(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e9)
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plain, gzip, manifests @ ..] = args.as_slice() else {
        eprintln!("usage: audit-stages PLAIN_LOG GZIP_LOG MANIFESTS...");
        std::process::exit(2);
    };
    let size = std::fs::metadata(plain).expect("PLAIN_LOG exists").len() as f64;
    let origin = Instant::now();
    let mut last = seconds(origin);
    let mut report = |stage: &str| {
        let now = seconds(origin);
        let spent = now - last;
        last = now;
        println!("{stage}\t{spent:.3}\t{:.0}", size / 1e6 / spent);
    };

    let mut decoder = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(open(gzip)));
    let mut buffer = vec![0; 1 << 16];
    let mut out = 0u64;
    loop {
        let read = decoder.read(&mut buffer).expect("GZIP_LOG decompresses");
        if read == 0 {
            break;
        }
        out += read as u64;
    }
    assert_eq!(out as f64, size, "GZIP_LOG holds PLAIN_LOG");
    report("gunzip");

    let mut events = 0u64;
    read_events(open(plain), &mut |_| events += 1).expect("PLAIN_LOG reads");
    report("json");

    let mut tally = Tally::new(Filter::default());
    read_events(open(plain), &mut |event| tally.add(event)).expect("PLAIN_LOG reads");
    tally.finish();
    report("json+tally");

    let found = rbaclint::discover::discover(
        manifests,
        &rbaclint::discover::Options::new(globset::GlobSet::empty()),
    );
    let (outcome, _) = rbaclint::audit::judge(found.inputs, &tally, &Settings::default(), true);
    report("evaluation");
    eprintln!(
        "audit-stages: {events} events, {} requests, {} distinct decisions, {} findings",
        tally.requests,
        tally.decisions.len(),
        outcome.findings.len()
    );
}
