//! `rolecascade diff before.json after.json [--directory dir.json] [--context ctx.json] [--json]`:
//! what changes between two models. A readable summary by default, the same object as
//! `Engine.diff` with `--json`. Exit code 1 when anything is gained (a widening change, for a CI
//! step to require a review), 0 otherwise, 2 on an error (its code and message on stderr).
//!
//! A model is a JSON document or its compiled form (`rolecascade compile`).

use rolecascade::authoring::diff::{diff_any, Answer, Diff, Path, RoleDiff};
use rolecascade::{Code, Error, Model};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::process::ExitCode;

/// Lines shown per section of the summary (`--json` has every entry).
const MAX_LINES: usize = 40;

struct Args {
    before: String,
    after: String,
    directory: Option<String>,
    context: Option<String>,
    json: bool,
}

fn usage(why: &str) -> Error {
    Error::new(Code::InvalidArgument, format!("{why} (usage: rolecascade diff before.json after.json [--directory dir.json] [--context context.json] [--json])"))
}

fn parse(args: &[String]) -> Result<Args, Error> {
    let mut files = Vec::new();
    let (mut directory, mut context, mut json) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--directory" | "-d" => directory = Some(it.next().ok_or_else(|| usage("--directory needs a file"))?.clone()),
            "--context" => context = Some(it.next().ok_or_else(|| usage("--context needs a file or a JSON object"))?.clone()),
            x if x.starts_with("--directory=") => directory = Some(x.trim_start_matches("--directory=").to_string()),
            x if x.starts_with("--context=") => context = Some(x.trim_start_matches("--context=").to_string()),
            x if x.starts_with('-') && x.len() > 1 => return Err(usage(&format!("unknown option '{x}'"))),
            _ => files.push(a.clone()),
        }
    }
    let [before, after] = <[String; 2]>::try_from(files).map_err(|f| usage(&format!("two model files are needed, {} given", f.len())))?;
    Ok(Args { before, after, directory, context, json })
}

fn read(path: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::new(Code::InvalidArgument, format!("cannot read '{path}': {e}")))
}

fn text(path: &str, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|_| Error::new(Code::InvalidJson, format!("'{path}' is not UTF-8 text")))
}

/// A model file: its compiled form, or a document.
fn model(path: &str) -> Result<Model, Error> {
    let bytes = read(path)?;
    let named = |e: Error| Error { message: format!("{path}: {}", e.message), ..e };
    if bytes.starts_with(b"RCM") {
        return rolecascade::codec::decode(&bytes).map_err(named);
    }
    rolecascade::authoring::compile_json(&text(path, bytes)?).map_err(named)
}

pub fn run(args: &[String]) -> ExitCode {
    match answer(args) {
        Ok((answer, summary)) => {
            println!("{summary}");
            if answer.any_gained() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            match &e.path {
                Some(p) => eprintln!("rolecascade diff: {}: {} (at {p})", e.code.as_str(), e.message),
                None => eprintln!("rolecascade diff: {}: {}", e.code.as_str(), e.message),
            }
            ExitCode::from(2)
        }
    }
}

/// The answer and what to print.
fn answer(args: &[String]) -> Result<(Answer, String), Error> {
    let a = parse(args)?;
    let (before, after) = (model(&a.before)?, model(&a.after)?);
    let directory = a.directory.as_deref().map(|p| read(p).and_then(|b| text(p, b))).transpose()?;
    let context = match a.context.as_deref() {
        Some(c) if c.trim_start().starts_with('{') => Some(c.to_string()),
        Some(p) => Some(text(p, read(p)?)?),
        None => None,
    };
    let named = |e: Error| match &a.directory {
        Some(p) if e.code != Code::InvalidContext => Error { message: format!("{p}: {}", e.message), ..e },
        _ => e,
    };
    let answer = diff_any(&before, &after, directory.as_deref(), context.as_deref()).map_err(named)?;
    let out = if a.json {
        answer.to_json(true)
    } else {
        match &answer {
            Answer::Directory(d) => directory_summary(d, &before, &after, &a),
            Answer::Roles(r) => roles_summary(r, &a),
        }
    };
    Ok((answer, out))
}

// ---- the summary ----------------------------------------------------------------------------

fn num(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n thing` / `n things`, English plurals of level ids (`companies`, `branches`).
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("1 {word}");
    }
    let consonant_y = word.ends_with('y') && !word.ends_with("ay") && !word.ends_with("ey") && !word.ends_with("oy") && !word.ends_with("uy");
    let plural = if consonant_y {
        format!("{}ies", word.trim_end_matches('y'))
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| word.ends_with(e)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    };
    format!("{} {plural}", num(n))
}

/// "through a -> b or c (held by default)".
fn through(paths: &[Path]) -> String {
    let mut chains: Vec<String> = paths.iter().map(|p| format!("{}{}", p.via.join(" -> "), if p.default { " (held by default)" } else { "" })).collect();
    chains.sort();
    chains.dedup();
    chains.join(" or ")
}

/// The level id of a scope path's depth in `m` (`scope` when the model has no such depth).
fn level_word(m: &Model, scope: &str) -> String {
    let depth = scope.matches('/').count();
    m.level_of_depth(depth).map_or_else(|| "scope".to_string(), |l| l.id.clone())
}

struct Group {
    users: Vec<String>,
    scopes: Vec<String>,
    level: Option<String>,
}

/// One line per (permission, grant paths): how many users, on how many scopes.
fn lines(entries: Vec<(&str, &str, &str, String)>, m: &Model, sign: char, verb: (&str, &str)) -> Vec<String> {
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for (user, permission, scope, how) in entries {
        let g = groups.entry((permission.to_string(), how)).or_insert_with(|| Group { users: Vec::new(), scopes: Vec::new(), level: None });
        g.users.push(user.to_string());
        g.scopes.push(scope.to_string());
        let level = level_word(m, scope);
        match &g.level {
            None => g.level = Some(level),
            Some(l) if *l != level => g.level = Some("scope".to_string()),
            Some(_) => {}
        }
    }
    let mut out: Vec<(usize, String)> = groups
        .into_iter()
        .map(|((permission, how), mut g)| {
            g.users.sort();
            g.users.dedup();
            g.scopes.sort();
            g.scopes.dedup();
            let who = match g.users.as_slice() {
                [one] => format!("{one} {}", verb.0),
                many => format!("{} {}", count(many.len(), "user"), verb.1),
            };
            let level = g.level.unwrap_or_else(|| "scope".to_string());
            let where_ = match g.scopes.as_slice() {
                [one] => one.clone(),
                many => count(many.len(), &level),
            };
            (g.users.len(), format!("  {sign}{who} {permission} on {where_}, through {how}"))
        })
        .collect();
    out.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
    let total = out.len();
    let mut shown: Vec<String> = out.into_iter().take(MAX_LINES).map(|(_, l)| l).collect();
    if total > MAX_LINES {
        shown.push(format!("  ... and {} more (--json lists every one)", num(total - MAX_LINES)));
    }
    shown
}

fn distinct_users<'a>(users: impl Iterator<Item = &'a str>) -> usize {
    let mut v: Vec<&str> = users.collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

fn directory_summary(d: &Diff, before: &Model, after: &Model, a: &Args) -> String {
    let mut s = String::new();
    let dir = a.directory.as_deref().unwrap_or("");
    let _ = writeln!(s, "rolecascade diff {} -> {} over {dir}", a.before, a.after);
    let gained_users = distinct_users(d.gained.iter().map(|g| g.user.as_str()));
    let lost_users = distinct_users(d.lost.iter().map(|g| g.user.as_str()));
    let _ = writeln!(s);
    let _ = writeln!(s, "Gained: {} by {}", count(d.gained.len(), "answer"), count(gained_users, "user"));
    let gained = d.gained.iter().map(|g| (g.user.as_str(), g.permission.as_str(), g.scope.as_str(), through(&g.via))).collect();
    for l in lines(gained, after, '+', ("gains", "gain")) {
        let _ = writeln!(s, "{l}");
    }
    let _ = writeln!(s, "Lost: {} by {}", count(d.lost.len(), "answer"), count(lost_users, "user"));
    let lost = d.lost.iter().map(|g| (g.user.as_str(), g.permission.as_str(), g.scope.as_str(), through(&g.was))).collect();
    for l in lines(lost, before, '-', ("loses", "lose")) {
        let _ = writeln!(s, "{l}");
    }
    if !d.ignored.is_empty() {
        let _ = writeln!(s, "Ignored: {} a model cannot hold (a role it lacks, or of another level)", count(d.ignored.len(), "assignment"));
        for i in d.ignored.iter().take(MAX_LINES) {
            let _ = writeln!(s, "  {} {} at {} (not in the {} model)", i.user, i.role, i.scope, i.model);
        }
        if d.ignored.len() > MAX_LINES {
            let _ = writeln!(s, "  ... and {} more", num(d.ignored.len() - MAX_LINES));
        }
    }
    let _ = write!(s, "Unchanged: {}", count(usize::try_from(d.unchanged).unwrap_or(usize::MAX), "answer"));
    s
}

fn roles_summary(r: &RoleDiff, a: &Args) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "rolecascade diff {} -> {} (no directory: per role and level, conditions aside)", a.before, a.after);
    let _ = writeln!(s);
    // One line per (role, level, chains): the permissions it gains or loses there.
    let group = |items: Vec<(&str, &str, &str, &[Vec<String>])>, sign: char, verb: &str| -> Vec<String> {
        let mut by: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
        for (role, level, permission, chains) in items {
            let mut how: Vec<String> = chains.iter().map(|c| c.join(" -> ")).collect();
            how.sort();
            how.dedup();
            by.entry((role.to_string(), level.to_string(), how.join(" or "))).or_default().push(permission.to_string());
        }
        by.into_iter().map(|((role, level, how), perms)| format!("  {sign}{role} {verb} {} at {level} scopes, through {how}", perms.join(", "))).collect()
    };
    let _ = writeln!(s, "Gained: {}", count(r.gained.len(), "answer"));
    for l in group(r.gained.iter().map(|g| (g.role.as_str(), g.level.as_str(), g.permission.as_str(), g.via.as_slice())).collect(), '+', "gains") {
        let _ = writeln!(s, "{l}");
    }
    let _ = writeln!(s, "Lost: {}", count(r.lost.len(), "answer"));
    for l in group(r.lost.iter().map(|g| (g.role.as_str(), g.level.as_str(), g.permission.as_str(), g.was.as_slice())).collect(), '-', "loses") {
        let _ = writeln!(s, "{l}");
    }
    if !r.conditions.is_empty() {
        let _ = writeln!(s, "Conditions that differ (evaluated only over a directory): {}", r.conditions.len());
        let none = "none".to_string();
        for c in &r.conditions {
            let _ = writeln!(s, "  {} {}: {} -> {}", c.kind, c.id, c.before.as_ref().unwrap_or(&none), c.after.as_ref().unwrap_or(&none));
        }
    }
    let _ = write!(s, "Unchanged: {}", count(usize::try_from(r.unchanged).unwrap_or(usize::MAX), "answer"));
    s
}
