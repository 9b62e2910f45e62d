fn main() -> std::process::ExitCode {
    rbaclint::cli::main()
}
