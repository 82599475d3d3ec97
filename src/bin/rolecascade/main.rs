//! The `rolecascade` command: one subcommand per first argument, each in its own module.
//! `cargo run --release --bin rolecascade -- <command> ...` from the repository root.

use std::process::ExitCode;

mod diff;

const USAGE: &str = "usage: rolecascade <command> ...

commands:
  diff before.json after.json [--directory dir.json] [--context context.json] [--json]
      what changes between two models: over a directory, who gains and who loses which
      permission where; without one, what each role gains or loses at each level.
      Exit code 1 when anything is gained, 0 otherwise, 2 on an error.";

fn main() -> ExitCode {
    // Arguments that are not Unicode are refused, not panicked on.
    let args: Result<Vec<String>, _> = std::env::args_os().skip(1).map(|a| a.into_string()).collect();
    let Ok(args) = args else {
        eprintln!("rolecascade: invalid_argument: an argument is not valid Unicode");
        return ExitCode::from(2);
    };
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("diff") => diff::run(rest),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("rolecascade: invalid_argument: unknown command '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
