//! The one error type of the engine: a stable machine-readable code, a sentence for people, and
//! for model and directory input the path of the offending element (`roles[3].inherits[0]`).

use crate::prelude::*;
use core::fmt;

/// An id as it appears in a message: quotes, backslashes, control characters and the invisible
/// formatting characters (bidirectional overrides, zero-width spaces) escaped, so that a message
/// shows exactly what was given and cannot reorder or hide text. Written instead of
/// `str::escape_debug`, whose Unicode tables cost kilobytes of wasm.
pub struct Shown<'a>(&'a str);

pub fn shown(s: &str) -> Shown<'_> {
    Shown(s)
}

/// A character a message would not show as itself: a control character or an invisible
/// formatting one.
pub fn hidden(c: char) -> bool {
    c.is_control() || invisible(c)
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{34f}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{8e2}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        put_shown(&mut out, self.0);
        f.write_str(&out)
    }
}

/// Writes `s` as messages show it (see [`shown`]).
pub fn put_shown(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if hidden(c) => {
                out.push_str("\\u{");
                put_hex(out, c as u32);
                out.push('}');
            }
            c => out.push(c),
        }
    }
}

fn put_hex(out: &mut String, n: u32) {
    let digits = b"0123456789abcdef";
    let mut started = false;
    for shift in (0..8).rev() {
        let d = ((n >> (shift * 4)) & 0xf) as usize;
        if d != 0 || started || shift == 0 {
            started = true;
            out.push(char::from(digits.get(d).copied().unwrap_or(b'0')));
        }
    }
}

/// A number in decimal, without the formatting machinery (which costs kilobytes of wasm).
pub fn put_num(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}

/// A piece of a message: text as it is, an id escaped ([`shown`]), a number.
pub trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Shown<'_> {
    fn put(&self, out: &mut String) {
        put_shown(out, self.0);
    }
}

impl Piece for char {
    fn put(&self, out: &mut String) {
        out.push(*self);
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, out: &mut String) {
                put_num(out, *self as u64);
            }
        }
    )*};
}
numbers!(usize, u64, u32, u16, u8);

impl Piece for i32 {
    fn put(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        put_num(out, u64::from(self.unsigned_abs()));
    }
}

impl Piece for alloc::borrow::Cow<'_, str> {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

/// A message built from pieces (`msg!("unknown scope '", shown(path), "'")`), with no use of
/// `format!`: the runtime's messages stay out of the formatting machinery.
#[macro_export]
macro_rules! msg {
    ($($piece:expr),* $(,)?) => {{
        let mut out = String::new();
        $( $crate::error::Piece::put(&$piece, &mut out); )*
        out
    }};
}

/// Stable error codes. Their string forms are part of the public contract (CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    InvalidJson,
    InvalidModel,
    InvalidDirectory,
    InvalidContext,
    InvalidArgument,
    UnknownRole,
    UnknownPermission,
    UnknownScope,
    UnknownUser,
    LevelMismatch,
    InheritanceCycle,
    NotAMember,
    NotAllowed,
    LimitExceeded,
}

impl Code {
    /// The string form used in JavaScript (`err.code`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalid_json",
            Code::InvalidModel => "invalid_model",
            Code::InvalidDirectory => "invalid_directory",
            Code::InvalidContext => "invalid_context",
            Code::InvalidArgument => "invalid_argument",
            Code::UnknownRole => "unknown_role",
            Code::UnknownPermission => "unknown_permission",
            Code::UnknownScope => "unknown_scope",
            Code::UnknownUser => "unknown_user",
            Code::LevelMismatch => "level_mismatch",
            Code::InheritanceCycle => "inheritance_cycle",
            Code::NotAMember => "not_a_member",
            Code::NotAllowed => "not_allowed",
            Code::LimitExceeded => "limit_exceeded",
        }
    }

    /// Every code, in a fixed order (the wasm binding numbers them by position).
    pub const ALL: [Code; 14] = [
        Code::InvalidJson,
        Code::InvalidModel,
        Code::InvalidDirectory,
        Code::InvalidContext,
        Code::InvalidArgument,
        Code::UnknownRole,
        Code::UnknownPermission,
        Code::UnknownScope,
        Code::UnknownUser,
        Code::LevelMismatch,
        Code::InheritanceCycle,
        Code::NotAMember,
        Code::NotAllowed,
        Code::LimitExceeded,
    ];
}

/// An engine error. Messages follow the house style: one sentence, lower case, no final period,
/// the offending input quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: Code,
    pub message: String,
    /// Where in the model or directory input the problem is, when the input is a document.
    pub path: Option<String>,
}

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), path: None }
    }

    pub fn at(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), path: Some(path.into()) }
    }

    /// The same error, its path prefixed by `prefix` (`roles[2]` + `.grants[0]`).
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = Some(match self.path.take() {
            Some(p) if p.starts_with('[') => format!("{prefix}{p}"),
            Some(p) if !p.is_empty() => format!("{prefix}.{p}"),
            _ => prefix.to_string(),
        });
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{} at {}: {}", self.code.as_str(), p, self.message),
            None => write!(f, "{}: {}", self.code.as_str(), self.message),
        }
    }
}

impl core::error::Error for Error {}

pub type Result<T> = core::result::Result<T, Error>;
