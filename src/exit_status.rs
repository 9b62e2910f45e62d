//! What a command's exit code says, named once for every command.

/// The process's exit code: whether the run found something, and whether
/// its answer can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to report.
    Clean = 0,
    /// Findings at or above the fail level (or a diff, for `--diff`).
    Findings = 1,
    /// A usage error, or an input that could not be read or parsed.
    Error = 2,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status as u8)
    }
}
