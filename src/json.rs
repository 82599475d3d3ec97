//! A small JSON reader and writer, written for this crate instead of serde: the engine reads a
//! handful of document shapes and writes a few answers, and the generic machinery cost more
//! wasm bytes than the whole engine. Reading keeps a path (`roles[3].inherits[0]`) so that every
//! shape error names the offending element, and refuses unknown fields.

use crate::error::{Code, Error, Result};
use crate::limits::MAX_JSON_NESTING;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number, kept as its text: the engine never computes with numbers.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses JSON text.
///
/// # Errors
/// `limit_exceeded` over `max_bytes`; `invalid_json` with the line and column of the problem.
pub fn parse(text: &str, max_bytes: usize) -> Result<Json> {
    if text.len() > max_bytes {
        return Err(Error::new(Code::LimitExceeded, format!("the document is larger than {max_bytes} bytes")));
    }
    let mut p = Parser { s: text.as_bytes(), i: 0, depth: 0 };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
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
            return Err(Error::new(Code::LimitExceeded, format!("the document is larger than {max_bytes} bytes")));
        }
        Ok(Pull { p: Parser { s: text.as_bytes(), i: 0, depth: 0 } })
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
            return Err(self.p.err(&format!("nested deeper than {MAX_JSON_NESTING} levels")));
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

    /// Any value, as a tree.
    ///
    /// # Errors
    /// `invalid_json`.
    pub fn value(&mut self) -> Result<Json> {
        self.p.ws();
        self.p.value()
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
        Error::new(Code::InvalidJson, format!("not valid JSON: {what} at line {line}, column {col}"))
    }

    /// A `\u` escape of half a UTF-16 pair: JSON's grammar allows it, but it names no character,
    /// and replacing it (with U+FFFD) would merge distinct ids. Refused as ill-formed text.
    fn lone_surrogate(&self) -> Error {
        let (line, col) = self.position();
        Error::new(Code::InvalidArgument, format!("not well-formed Unicode: a \\u escape of a lone surrogate at line {line}, column {col}"))
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

    fn lit(&mut self, word: &str, v: Json) -> Result<Json> {
        if self.s.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("unexpected character"))
        }
    }

    fn value(&mut self) -> Result<Json> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'n') => self.lit("null", Json::Null),
            Some(b't') => self.lit("true", Json::Bool(true)),
            Some(b'f') => self.lit("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => self.nested(|p| {
                let mut items = Vec::new();
                p.ws();
                if p.peek() == Some(b']') {
                    p.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    p.ws();
                    items.push(p.value()?);
                    p.ws();
                    match p.peek() {
                        Some(b',') => p.i += 1,
                        Some(b']') => {
                            p.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(p.err("expected ',' or ']'")),
                    }
                }
            }),
            Some(b'{') => self.nested(|p| {
                let mut fields: Vec<(String, Json)> = Vec::new();
                p.ws();
                if p.peek() == Some(b'}') {
                    p.i += 1;
                    return Ok(Json::Obj(fields));
                }
                loop {
                    p.ws();
                    if p.peek() != Some(b'"') {
                        return Err(p.err("expected a string key"));
                    }
                    let k = p.string()?;
                    p.ws();
                    if p.peek() != Some(b':') {
                        return Err(p.err("expected ':'"));
                    }
                    p.i += 1;
                    p.ws();
                    let v = p.value()?;
                    if fields.iter().any(|(x, _)| *x == k) {
                        return Err(p.err(&format!("duplicate key '{}'", crate::error::shown(&k))));
                    }
                    fields.push((k, v));
                    p.ws();
                    match p.peek() {
                        Some(b',') => p.i += 1,
                        Some(b'}') => {
                            p.i += 1;
                            return Ok(Json::Obj(fields));
                        }
                        _ => return Err(p.err("expected ',' or '}'")),
                    }
                }
            }),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> Result<Json>) -> Result<Json> {
        self.depth += 1;
        if self.depth > MAX_JSON_NESTING {
            return Err(self.err(&format!("nested deeper than {MAX_JSON_NESTING} levels")));
        }
        self.i += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    /// Passes over a literal or a number.
    fn scalar(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'n') => self.lit("null", Json::Null).map(|_| ()),
            Some(b't') => self.lit("true", Json::Null).map(|_| ()),
            Some(b'f') => self.lit("false", Json::Null).map(|_| ()),
            Some(b'-' | b'0'..=b'9') => self.number_span().map(|_| ()),
            None => Err(self.err("unexpected end of input")),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn number(&mut self) -> Result<Json> {
        let (start, end) = self.number_span()?;
        let text = self.s.get(start..end).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        Ok(Json::Num(text))
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
                let run = self.s.get(start..j).unwrap_or(&[]);
                let text = std::str::from_utf8(run).map_err(|_| self.err("invalid UTF-8"))?;
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
            let run = self.s.get(start..self.i).unwrap_or(&[]);
            out.push_str(std::str::from_utf8(run).map_err(|_| self.err("invalid UTF-8"))?);
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

/// Reads one JSON value of a document, knowing its path, for error messages.
#[derive(Clone, Copy)]
pub struct At<'a, 'p> {
    pub v: &'a Json,
    pub code: Code,
    /// The path is `base` with `key` joined (`key` empty: `base` alone), built only when an
    /// error or an array item needs it: reading a model formats no path when nothing is wrong.
    base: &'p str,
    key: &'p str,
}

/// Joins a path and a key.
pub fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    match (path.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", quote(key)),
    }
}

impl<'a> At<'a, '_> {
    pub fn root(v: &'a Json, code: Code) -> At<'a, 'static> {
        At { v, code, base: "", key: "" }
    }

    pub fn path(&self) -> String {
        if self.key.is_empty() {
            self.base.to_string()
        } else {
            join(self.base, self.key)
        }
    }

    pub fn err(&self, msg: impl Into<String>) -> Error {
        Error::at(self.code, self.path(), msg)
    }

    fn expected(&self, what: &str) -> Error {
        self.err(format!("expected {what}, found {}", self.v.kind()))
    }

    pub fn str(&self) -> Result<&'a str> {
        match self.v {
            Json::Str(s) => Ok(s),
            _ => Err(self.expected("a string")),
        }
    }

    pub fn bool(&self) -> Result<bool> {
        match self.v {
            Json::Bool(b) => Ok(*b),
            _ => Err(self.expected("a boolean")),
        }
    }

    /// The items of an array, each with its path.
    pub fn items(&self) -> Result<Vec<(&'a Json, String)>> {
        match self.v {
            Json::Arr(items) => {
                let path = self.path();
                Ok(items.iter().enumerate().map(|(i, v)| (v, format!("{path}[{i}]"))).collect())
            }
            _ => Err(self.expected("an array")),
        }
    }

    pub fn strings(&self) -> Result<Vec<String>> {
        let Json::Arr(items) = self.v else { return Err(self.expected("an array")) };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Json::Str(s) => Ok(s.clone()),
                other => Err(Error::at(self.code, format!("{}[{i}]", self.path()), format!("expected a string, found {}", other.kind()))),
            })
            .collect()
    }

}

/// The fields of an object, checked against the allowed keys.
fn object_fields<'v>(v: &'v Json, code: Code, path: &str, allowed: &[&str]) -> Result<&'v [(String, Json)]> {
    let Json::Obj(fields) = v else {
        return Err(Error::at(code, path, format!("expected an object, found {}", v.kind())));
    };
    for (k, _) in fields {
        if !allowed.contains(&k.as_str()) {
            return Err(Error::at(code, join(path, k), format!("unknown field '{}', expected one of: {}", crate::error::shown(k), allowed.join(", "))));
        }
    }
    Ok(fields)
}

/// An object's field reader: `o.str("id")?`, `o.opt_str("label")?`, with paths.
pub struct Fields<'a> {
    fields: &'a [(String, Json)],
    code: Code,
    path: &'a str,
}

impl<'a> Fields<'a> {
    /// # Errors
    /// When `v` is not an object or has a field not in `allowed`.
    pub fn new(v: &'a Json, code: Code, path: &'a str, allowed: &[&str]) -> Result<Fields<'a>> {
        let fields = object_fields(v, code, path, allowed)?;
        Ok(Fields { fields, code, path })
    }

    pub fn path(&self, key: &str) -> String {
        join(self.path, key)
    }

    pub fn all(&self) -> &'a [(String, Json)] {
        self.fields
    }

    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Json::Null)
    }

    pub fn at<T>(&self, key: &str, f: impl FnOnce(At<'_, '_>) -> Result<T>) -> Result<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => f(At { v, code: self.code, base: self.path, key }).map(Some),
        }
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<String>> {
        self.at(key, |a| a.str().map(str::to_string))
    }

    pub fn str(&self, key: &str) -> Result<String> {
        self.opt_str(key)?.ok_or_else(|| Error::at(self.code, self.path, format!("missing field '{key}'")))
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.at(key, |a| a.bool())
    }

    pub fn strings(&self, key: &str) -> Result<Vec<String>> {
        Ok(self.at(key, |a| a.strings())?.unwrap_or_default())
    }

    pub fn opt_strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        self.at(key, |a| a.strings())
    }

    /// An array field's items with their paths (empty when absent).
    pub fn items(&self, key: &str) -> Result<Vec<(&'a Json, String)>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(v) => At { v, code: self.code, base: self.path, key }.items(),
        }
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
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
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
        out.push_str(&self.to_string());
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
