//! `rolecascade compile model.json -o model.rcm [--strip]`: a model document compiled into the
//! binary form `Engine.fromCompiled` loads (`rolecascade_runtime::codec`), so a page or an edge
//! isolate never reads or checks the document.

use crate::{read, write, Args, Failure};
use rolecascade::{authoring, codec};

pub fn run(mut args: Args) -> Result<(), Failure> {
    let out = args.value(&["-o", "--output"])?.ok_or_else(|| Failure::usage("compile needs -o model.rcm"))?;
    let strip = args.flag("--strip");
    let input = args.one("the model file")?;
    let bytes = read(&input)?;
    let text = String::from_utf8(bytes).map_err(|_| Failure {
        code: "invalid_json",
        message: "the model is not UTF-8 text".into(),
        file: Some(input.clone()),
        path: None,
    })?;
    let model = authoring::compile_json(&text).map_err(|e| Failure::engine(&input, e))?;
    let compiled = codec::encode(&model, !strip);
    let out = std::path::PathBuf::from(out);
    write(&out, &compiled)?;
    println!(
        "{}: {} bytes, model '{}' ({} levels, {} permissions, {} roles{})",
        out.display(),
        compiled.len(),
        model.name,
        model.levels.len(),
        model.perms.len(),
        model.roles.len(),
        if strip { "; labels and descriptions left out" } else { "" }
    );
    Ok(())
}
