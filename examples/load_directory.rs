//! Loads a directory file into the default model and prints the time taken:
//! `cargo run --release --example load_directory -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_directory FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let t = std::time::Instant::now();
    match rolecascade::Engine::bizagi(Some(&text)) {
        Ok(e) => println!("loaded {} scopes, {} users in {:.1} ms", e.directory().scopes.len(), e.directory().users.len(), t.elapsed().as_secs_f64() * 1e3),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
