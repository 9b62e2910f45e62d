//! Writing to stdout and stderr without panicking. `print!`/`eprintln!`
//! panic when the stream fails (a full disk, a closed pipe on stdout); a
//! linter in a pipeline must instead stop writing and exit with status 2,
//! as ripgrep does. The first failure is remembered and the CLI turns it
//! into the exit status.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout.
pub fn out(text: &str) {
    write(&mut std::io::stdout().lock(), text);
}

/// Writes `text` to stderr.
pub fn err(text: &str) {
    write(&mut std::io::stderr().lock(), text);
}

/// Whether a write to stdout or stderr failed during this run.
pub fn failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

fn write(stream: &mut impl Write, text: &str) {
    if failed() {
        return;
    }
    if stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        FAILED.store(true, Ordering::Relaxed);
    }
}

/// `eprintln!` that never panics: see [`err`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::err(&format!("{}\n", format_args!($($arg)*)))
    };
}
