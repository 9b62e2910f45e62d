fn main() -> std::process::ExitCode {
    // The parser's one known panic is reported as a YAML error, not printed.
    rbaclint::yaml::upstream::quiet_known_panic();
    rbaclint::cli::main()
}
