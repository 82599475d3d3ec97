//! A small JSON pull reader and writer: the runtime reads directories, contexts and token
//! assignments, and writes a few answers, without serde (whose generic machinery costs more
//! wasm bytes than the runtime). The reader builds no tree: the caller walks the shape it
//! expects and knows the path of every element for its errors.

use rolecascade_runtime::msg;
use rolecascade_runtime::error::{Code, Error, Result};
use rolecascade_runtime::limits::MAX_JSON_NESTING;
use std::borrow::Cow;

struct Parser<'a> {
    /// The text, and the same as bytes. Strings are cut from `t` at quotes and backslashes
    /// (ASCII, so always at character boundaries): valid UTF-8 already, not checked again.
    t: &'a str,
    s: &'a [u8],
    i: usize,
    depth: usize,
}

/// A pull reader for large documents: the caller walks the structure it expects, strings are
/// borrowed from the input where possible, and no tree is built. Shape errors are the caller's
/// to report (it knows the path); syntax errors are `invalid_json`.
pub struct Pull<'a> {
    p: Parser<'a>,
}

/// What the next value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Object,
    Array,
    String,
    Null,
    Other,
}

/// A place in the text to come back to ([`Pull::mark`], [`Pull::seek`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    i: usize,
    depth: usize,
}

impl<'a> Pull<'a> {
    /// # Errors
    /// `limit_exceeded` over `max_bytes`.
    pub fn new(text: &'a str, max_bytes: usize) -> Result<Pull<'a>> {
        if text.len() > max_bytes {
            return Err(Error::new(Code::LimitExceeded, msg!("the document is larger than ", max_bytes, " bytes")));
        }
        Ok(Pull { p: Parser { t: text, s: text.as_bytes(), i: 0, depth: 0 } })
    }

    /// # Errors
    /// `invalid_json` at the end of input.
    pub fn peek_kind(&mut self) -> Result<Next> {
        self.p.ws();
        match self.p.peek() {
            None => Err(self.p.err("unexpected end of input")),
            Some(b'{') => Ok(Next::Object),
            Some(b'[') => Ok(Next::Array),
            Some(b'"') => Ok(Next::String),
            Some(b'n') => Ok(Next::Null),
            Some(_) => Ok(Next::Other),
        }
    }

    /// Where the reader is: the start of the next value, once white space is passed.
    pub fn mark(&mut self) -> Mark {
        self.p.ws();
        Mark { i: self.p.i, depth: self.p.depth }
    }

    /// Goes back (or forward) to a place marked earlier.
    pub fn seek(&mut self, m: Mark) {
        self.p.i = m.i;
        self.p.depth = m.depth;
    }

    /// Passes over the next value, checking its syntax, building nothing.
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek_kind()? {
            Next::Object => {
                self.enter()?;
                let mut first = true;
                while self.key(first)?.is_some() {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            Next::Array => {
                self.enter()?;
                let mut first = true;
                while self.item(first)? {
                    first = false;
                    self.skip()?;
                }
                Ok(())
            }
            Next::String => self.p.cow_string().map(|_| ()),
            Next::Null | Next::Other => self.p.scalar(),
        }
    }

    /// An `invalid_json` error at the reader's place.
    pub fn error(&self, what: &str) -> Error {
        self.p.err(what)
    }

    /// Enters an object or array (the caller checked [`Pull::peek_kind`]).
    ///
    /// # Errors
    /// `invalid_json` when nested too deep.
    pub fn enter(&mut self) -> Result<()> {
        self.p.depth += 1;
        if self.p.depth > MAX_JSON_NESTING {
            return Err(self.p.err(&msg!("nested deeper than ", MAX_JSON_NESTING, " levels")));
        }
        self.p.i += 1;
        Ok(())
    }

    /// The next key of the object entered, `None` at its end. `first` is true for the first call.
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn key(&mut self, first: bool) -> Result<Option<Cow<'a, str>>> {
        self.p.ws();
        if self.p.peek() == Some(b'}') {
            self.p.i += 1;
            self.p.depth -= 1;
            return Ok(None);
        }
        if !first {
            if self.p.peek() != Some(b',') {
                return Err(self.p.err("expected ',' or '}'"));
            }
            self.p.i += 1;
            self.p.ws();
        }
        if self.p.peek() != Some(b'"') {
            return Err(self.p.err("expected a string key"));
        }
        let k = self.p.cow_string()?;
        self.p.ws();
        if self.p.peek() != Some(b':') {
            return Err(self.p.err("expected ':'"));
        }
        self.p.i += 1;
        Ok(Some(k))
    }

    /// Whether the array entered has another item. `first` is true for the first call.
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn item(&mut self, first: bool) -> Result<bool> {
        self.p.ws();
        if self.p.peek() == Some(b']') {
            self.p.i += 1;
            self.p.depth -= 1;
            return Ok(false);
        }
        if !first {
            if self.p.peek() != Some(b',') {
                return Err(self.p.err("expected ',' or ']'"));
            }
            self.p.i += 1;
        }
        Ok(true)
    }

    /// A string value (the caller checked [`Pull::peek_kind`]).
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        self.p.ws();
        self.p.cow_string()
    }

    /// Checks that nothing but white space follows.
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn finish(&mut self) -> Result<()> {
        self.p.ws();
        if self.p.i < self.p.s.len() {
            return Err(self.p.err("unexpected text after the JSON value"));
        }
        Ok(())
    }
}

impl<'a> Parser<'a> {
    fn err(&self, what: &str) -> Error {
        let (line, col) = self.position();
        Error::new(Code::InvalidJson, msg!("not valid JSON: ", what, " at line ", line, ", column ", col))
    }

    /// A `\u` escape of half a UTF-16 pair: JSON's grammar allows it, but it names no character,
    /// and replacing it (with U+FFFD) would merge distinct ids. Refused as ill-formed text.
    fn lone_surrogate(&self) -> Error {
        let (line, col) = self.position();
        Error::new(Code::InvalidArgument, msg!("not well-formed Unicode: a \\u escape of a lone surrogate at line ", line, ", column ", col))
    }

    fn position(&self) -> (usize, usize) {
        let upto = self.s.get(..self.i.min(self.s.len())).unwrap_or(&[]);
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        (line, col)
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn lit(&mut self, word: &str) -> Result<()> {
        if self.s.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("unexpected character"))
        }
    }

    /// Passes over a literal or a number.
    fn scalar(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'n') => self.lit("null"),
            Some(b't') => self.lit("true"),
            Some(b'f') => self.lit("false"),
            Some(b'-' | b'0'..=b'9') => self.number_span().map(|_| ()),
            None => Err(self.err("unexpected end of input")),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn number_span(&mut self) -> Result<(usize, usize)> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > s
        };
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else if !digits(self) {
            return Err(self.err("malformed number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.err("malformed number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("malformed number"));
            }
        }
        Ok((start, self.i))
    }

    fn hex4(&mut self) -> Result<u32> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("truncated \\u escape"))?;
        let h = std::str::from_utf8(h).ok().and_then(|h| u32::from_str_radix(h, 16).ok()).ok_or_else(|| self.err("malformed \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    /// A string, borrowed from the input when it holds no escapes.
    fn cow_string(&mut self) -> Result<Cow<'a, str>> {
        let start = self.i + 1;
        let mut j = start;
        while let Some(&b) = self.s.get(j) {
            if b == b'"' {
                let text = self.t.get(start..j).ok_or_else(|| self.err("invalid UTF-8"))?;
                self.i = j + 1;
                return Ok(Cow::Borrowed(text));
            }
            if b == b'\\' || b < 0x20 {
                break;
            }
            j += 1;
        }
        self.string().map(Cow::Owned)
    }

    fn string(&mut self) -> Result<String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy a run of plain bytes at once.
            let start = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.t.get(start..self.i).ok_or_else(|| self.err("invalid UTF-8"))?);
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.lone_surrogate());
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.lone_surrogate());
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.lone_surrogate())?);
                        }
                        _ => return Err(self.err("unknown escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
            }
        }
    }
}

/// `key` joined to a document path: `a.b` for a plain key, `a["x/y"]` for any other.
pub fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    match (path.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => msg!(path, ".", key),
        (_, false) => msg!(path, "[", quote(key), "]"),
    }
}

/// A JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str(&mut out, s);
    out
}

pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if rolecascade_runtime::error::hidden(c) => {
                // Controls and invisible formatting characters as escapes (an astral one as its
                // UTF-16 pair), so that a path or an export shows every character.
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    let digits = b"0123456789abcdef";
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(char::from(digits.get(usize::from((u >> shift) & 15)).copied().unwrap_or(b'0')));
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Where JSON text goes: a `String`, or a `usize` that counts the bytes it would take (so that
/// a large answer's memory is reserved, fallibly, before it is written).
pub trait Out {
    fn text(&mut self, s: &str);
    fn quoted(&mut self, s: &str);
}

impl Out for String {
    fn text(&mut self, s: &str) {
        self.push_str(s);
    }
    fn quoted(&mut self, s: &str) {
        write_str(self, s);
    }
}

impl Out for usize {
    fn text(&mut self, s: &str) {
        *self += s.len();
    }
    fn quoted(&mut self, s: &str) {
        // As write_str writes it.
        *self += 2 + s
            .chars()
            .map(|c| match c {
                '"' | '\\' | '\n' | '\r' | '\t' => 2,
                c if (c as u32) < 0x20 => 6,
                c => c.len_utf8(),
            })
            .sum::<usize>();
    }
}

/// Things the engine answers with, written as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        rolecascade_runtime::error::put_num(out, *self as u64);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

/// Writes an object field by field: `Obj::new(out).field("a", &x).field("b", &y).end()`.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    pub fn field(mut self, key: &str, v: &dyn ToJsonDyn) -> Obj<'a> {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        v.write_dyn(self.out);
        self
    }

    /// A field written only when `Some`.
    pub fn opt(self, key: &str, v: Option<&dyn ToJsonDyn>) -> Obj<'a> {
        match v {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    /// A string field written only when present.
    pub fn opt_str(self, key: &str, v: &Option<String>) -> Obj<'a> {
        self.opt(key, v.as_ref().map(|x| x as &dyn ToJsonDyn))
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

/// Object-safe form of [`ToJson`].
pub trait ToJsonDyn {
    fn write_dyn(&self, out: &mut String);
}

impl<T: ToJson + ?Sized> ToJsonDyn for T {
    fn write_dyn(&self, out: &mut String) {
        self.write_json(out);
    }
}
