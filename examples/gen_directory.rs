//! Prints a generated directory for the default model (see benches/common/gen.rs):
//! `cargo run --release --example gen_directory -- [companies] [users per company]`.
#[path = "../benches/common/gen.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().unwrap_or(1));
    let companies = args.next().unwrap_or(1);
    let users = args.next().unwrap_or(10_000);
    let g = gen::generate(companies, users);
    eprintln!("{} scopes, {} users, {} assignments", g.scopes, g.users, g.assignments);
    println!("{}", g.json);
}
