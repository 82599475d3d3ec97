//! `rolecascade`: the command line. The first argument names the command; each command is a
//! module with a `run(args)` that returns what went wrong as a [`Failure`]: printed on stderr
//! with its code (and, for a document, the file and the path in it), exit status 2.
#![forbid(unsafe_code)]

mod compile;
mod diff;
mod types;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
rolecascade: a permission engine for SaaS role hierarchies

usage:
  rolecascade compile model.json -o model.rcm [--strip]
      the model in its binary form, for Engine.fromCompiled (--strip: without labels and
      descriptions, which only UIs read)
  rolecascade types model.json [-o model.d.ts] [--import-from rolecascade]
      a TypeScript declaration of the model's permission, role, level and context ids and a
      typed engine (to stdout without -o); model.json or a compiled model.rcm
  rolecascade diff before.json after.json [--directory dir.json] [--context context.json] [--json]
      what changes between two models: over a directory, who gains and who loses which
      permission where; without one, what each role gains or loses at each level. Exit status
      1 when anything is gained, 0 otherwise, 2 on an error
  rolecascade help

Errors go to stderr as `file: code at path: message`, with exit status 2.
";

/// Why a command failed.
#[derive(Debug)]
pub struct Failure {
    /// The engine's error code (`invalid_model`, ...), `invalid_argument` for a command line it
    /// does not understand, `io_error` for a file it cannot read or write.
    pub code: &'static str,
    pub message: String,
    /// The file the problem is in.
    pub file: Option<PathBuf>,
    /// Where in the document.
    pub path: Option<String>,
}

impl Failure {
    /// A command line the command does not understand.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { code: "invalid_argument", message: message.into(), file: None, path: None }
    }

    /// A file that cannot be read or written.
    pub fn io(file: &Path, e: &std::io::Error) -> Failure {
        Failure { code: "io_error", message: e.to_string(), file: Some(file.to_path_buf()), path: None }
    }

    /// An engine error about a file's content.
    pub fn engine(file: &Path, e: rolecascade::Error) -> Failure {
        Failure { code: e.code.as_str(), message: e.message, file: Some(file.to_path_buf()), path: e.path }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        write!(f, "{}", self.code)?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The command line after the command: options with a value, flags, and positional arguments.
pub struct Args {
    rest: Vec<OsString>,
}

impl Args {
    /// The value of `-x value` / `--long value` (given at most once).
    pub fn value(&mut self, names: &[&str]) -> Result<Option<OsString>, Failure> {
        let mut found = None;
        let mut i = 0;
        while i < self.rest.len() {
            if self.rest.get(i).and_then(|a| a.to_str()).is_some_and(|a| names.contains(&a)) {
                let name = names.first().copied().unwrap_or_default();
                if i + 1 >= self.rest.len() {
                    return Err(Failure::usage(format!("{name} needs a value")));
                }
                let v = self.rest.remove(i + 1);
                self.rest.remove(i);
                if found.replace(v).is_some() {
                    return Err(Failure::usage(format!("{name} is given twice")));
                }
            } else {
                i += 1;
            }
        }
        Ok(found)
    }

    /// Whether `--flag` is given.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|a| a.to_str() != Some(name));
        self.rest.len() != before
    }

    /// The one positional argument left (`what` names it in messages); anything else is refused.
    pub fn one(self, what: &str) -> Result<PathBuf, Failure> {
        let mut rest = self.rest.into_iter();
        match (rest.next(), rest.next()) {
            (Some(a), None) if !a.to_string_lossy().starts_with('-') => Ok(PathBuf::from(a)),
            (Some(a), None) => Err(Failure::usage(format!("unknown option '{}'", a.to_string_lossy()))),
            (None, _) => Err(Failure::usage(format!("{what} is missing"))),
            (Some(_), Some(b)) => Err(Failure::usage(format!("unexpected argument '{}'", b.to_string_lossy()))),
        }
    }
}

/// Reads a file, or fails naming it.
pub fn read(file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file).map_err(|e| Failure::io(file, &e))
}

/// Writes a file, or fails naming it.
pub fn write(file: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(file, bytes).map_err(|e| Failure::io(file, &e))
}

fn main() -> ExitCode {
    let mut argv = std::env::args_os().skip(1);
    let command = argv.next();
    if command.as_ref().and_then(|c| c.to_str()) == Some("diff") {
        // diff reads its own arguments (and sets its own exit status: 1 when anything is gained).
        let rest: Result<Vec<String>, _> = argv.map(OsString::into_string).collect();
        let Ok(rest) = rest else {
            eprintln!("rolecascade: invalid_argument: an argument is not valid Unicode");
            return ExitCode::from(2);
        };
        return diff::run(&rest);
    }
    let args = Args { rest: argv.collect() };
    let result = match command.as_ref().and_then(|c| c.to_str()) {
        Some("compile") => compile::run(args),
        Some("types") => types::run(args),
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(Failure::usage(format!("unknown command '{other}'"))),
        None if command.is_some() => Err(Failure::usage("unknown command")),
        None => Err(Failure::usage("no command given")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("rolecascade: {f}");
            if f.code == "invalid_argument" && f.file.is_none() {
                eprint!("\n{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}
