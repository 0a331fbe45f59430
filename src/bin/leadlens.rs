//! `leadlens`: see `src/cli/mod.rs`. Integration tests build this binary for every target, so on
//! wasm32 (where the crate is the extension's library) it is an empty program.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    leadlens::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
