//! JSON text in and out for the runtime's values: decisions, portals and exported directories
//! written (`ToJson`), request contexts and stateless assignments read. The runtime itself reads
//! and writes no JSON; the Rust API, the CLI and the authoring module use these.

use crate::json::{join, Next, Obj, Pull, ToJson, ToJsonDyn};
use rolecascade_runtime::context::Context;
use rolecascade_runtime::directory::{out_of_memory, AssignmentDoc, ScopeId};
use rolecascade_runtime::engine::{DirectoryDoc, PortalScopes};
use rolecascade_runtime::error::{shown, Code, Error, Result};
use rolecascade_runtime::explain::{Decision, Denial, GrantPath};
use rolecascade_runtime::model::Model;
use rolecascade_runtime::msg;
use rolecascade_runtime::stateless::Grant;
use rolecascade_runtime::Engine;
use std::collections::BTreeMap;

/// The largest export as JSON text: V8's longest string (2^29 - 24 characters) less a margin,
/// so that the package can always turn the text into a string.
pub const MAX_EXPORT_BYTES: usize = (1 << 29) - 64;


impl ToJson for PortalScopes {
    fn write_json(&self, out: &mut String) {
        Obj::new(out).field("portal", &self.portal).field("scopes", &self.scopes).end();
    }
}

impl ToJson for DirectoryDoc {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("scopes", &self.scopes);
        o.field("members", &MembersJson(&self.members)).field("assignments", &self.assignments).end();
    }
}

struct MembersJson<'a>(&'a BTreeMap<String, Vec<String>>);

impl ToJson for MembersJson<'_> {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        for (k, v) in self.0 {
            o = o.field(k, v);
        }
        o.end();
    }
}



impl ToJson for GrantPath {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("user", &self.user).field("role", &self.role).field("scope", &self.scope).field("via", &self.via);
        o.opt("default", self.default.then_some(&true as &dyn ToJsonDyn)).end();
    }
}

impl ToJson for Decision {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("allowed", &self.allowed).field("grants", &self.grants).field("reason", &self.reason);
        o.opt("denial", self.denial.map(Denial::as_str).as_ref().map(|d| d as &dyn ToJsonDyn)).end();
    }
}



impl ToJson for AssignmentDoc {
    fn write_json(&self, out: &mut String) {
        Obj::new(out).field("user", &self.user).field("role", &self.role).field("scope", &self.scope).end();
    }
}


/// `Engine::export_directory` as JSON text, written straight from the directory: its size
/// is counted first and reserved fallibly, so exporting a directory as large as the limits
/// allow copies no id twice and cannot trap.
///
/// # Errors
/// `limit_exceeded` when the memory for the text cannot be had.
pub fn export_directory_json(e: &Engine) -> Result<String> {
    let d = e.directory();
    // Member lists by path, as the general form is written (and `export_directory` sorts).
    let mut by_path: Vec<ScopeId> = Vec::new();
    by_path.try_reserve_exact(d.scopes.len()).map_err(|_| out_of_memory())?;
    by_path.extend(d.scope_ids().filter(|&s| d.members.get(s.index()).is_some_and(|m| !m.is_empty())));
    let mut order: Vec<u32> = by_path.iter().map(|s| s.number()).collect();
    let path = |n: u32| d.scope_at(n).map_or("", |s| d.scope_path(s));
rolecascade_runtime::sort::sort(&mut order, &|a, b| path(a) < path(b));
    let by_path: Vec<ScopeId> = order.into_iter().filter_map(|n| d.scope_at(n)).collect();
    let mut size = 0usize;
    write_export(e, &by_path, &mut size);
    if size > MAX_EXPORT_BYTES {
        return Err(Error::new(
            Code::LimitExceeded,
            msg!("the directory's JSON would be ", size, " bytes, more than a JavaScript string holds (", MAX_EXPORT_BYTES, "): use exportSnapshot"),
        ));
    }
    let mut out = String::new();
    out.try_reserve_exact(size).map_err(|_| out_of_memory())?;
    write_export(e, &by_path, &mut out);
    Ok(out)
}

fn write_export(e: &Engine, by_path: &[ScopeId], out: &mut dyn crate::json::Out) {
    let d = e.directory();
    let sep = |out: &mut dyn crate::json::Out, first: &mut bool| {
        if !std::mem::replace(first, false) {
            out.text(",");
        }
    };
    out.text("{\"scopes\":[");
    let mut first = true;
    for s in d.scopes.iter().filter(|s| s.alive) {
        sep(out, &mut first);
        out.quoted(&s.path);
    }
    out.text("],\"members\":{");
    let mut first = true;
    for &s in by_path {
        sep(out, &mut first);
        out.quoted(d.scope_path(s));
        out.text(":[");
        let mut inner = true;
        for &u in d.members.get(s.index()).map(Vec::as_slice).unwrap_or(&[]) {
            sep(out, &mut inner);
            out.quoted(d.user_name(u));
        }
        out.text("]");
    }
    out.text("},\"assignments\":[");
    let mut first = true;
    for (i, s) in d.scopes.iter().enumerate().filter(|(_, s)| s.alive) {
        for &(u, r) in d.by_scope.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            sep(out, &mut first);
            out.text("{\"user\":");
            out.quoted(d.user_name(u));
            out.text(",\"role\":");
            out.quoted(e.model().role_id(r));
            out.text(",\"scope\":");
            out.quoted(&s.path);
            out.text("}");
        }
    }
    out.text("]}");
}



/// A request context from JSON text: an object of string (or null) values; keys the model does
/// not declare are ignored, null keeps the default.
///
/// # Errors
/// `invalid_json` for text that is not JSON, `invalid_context` for another shape.
pub fn context_from_json(m: &Model, text: &str) -> Result<Context> {
    if text.is_empty() || text == "null" {
        return Ok(Context::defaults(m));
    }
    let mut p = Pull::new(text, 1 << 16)?;
    if p.peek_kind()? != Next::Object {
        return Err(Error::new(Code::InvalidContext, "a context is an object of string values"));
    }
    p.enter()?;
    let mut c = Context::defaults(m);
    let mut first = true;
    while let Some(k) = p.key(first)? {
        first = false;
        match p.peek_kind()? {
            Next::String => {
                let v = p.string()?;
                if let Some(slot) = m.context_keys.iter().position(|x| x.name == k).and_then(|i| c.values.get_mut(i)) {
                    *slot = Some(v.into_owned());
                }
            }
            Next::Null => p.skip()?,
            _ => return Err(Error::at(Code::InvalidContext, join("", &k), msg!("context value '", shown(&k), "' must be a string"))),
        }
    }
    p.finish()?;
    Ok(c)
}




/// Reads `[{"role", "scope"}]` (other fields of each item are ignored).
///
/// # Errors
/// `invalid_json`, or `invalid_directory` with the path of a malformed item.
pub fn read_grants(text: &str) -> Result<Vec<Grant>> {
    let mut p = Pull::new(text, 1 << 20)?;
    if p.peek_kind()? != Next::Array {
        return Err(Error::at(Code::InvalidDirectory, "", "expected an array of assignments"));
    }
    p.enter()?;
    let mut out = Vec::new();
    let mut i = 0;
    while p.item(i == 0)? {
        let path = msg!("[", i, "]");
        if p.peek_kind()? != Next::Object {
            return Err(Error::at(Code::InvalidDirectory, path, "expected an object {role, scope}"));
        }
        p.enter()?;
        let (mut role, mut scope) = (None, None);
        let mut first = true;
        while let Some(k) = p.key(first)? {
            first = false;
            let slot = match k.as_ref() {
                "role" => &mut role,
                "scope" => &mut scope,
                _ => {
                    p.skip()?;
                    continue;
                }
            };
            if p.peek_kind()? != Next::String {
                return Err(Error::at(Code::InvalidDirectory, msg!(path, ".", k), msg!("an assignment needs a string '", k, "'")));
            }
            *slot = Some(p.string()?.into_owned());
        }
        let need = |v: Option<String>, k: &str| v.ok_or_else(|| Error::at(Code::InvalidDirectory, msg!(path, ".", k), msg!("an assignment needs a string '", k, "'")));
        out.push(Grant { role: need(role, "role")?, scope: need(scope, "scope")? });
        i += 1;
    }
    p.finish()?;
    Ok(out)
}
