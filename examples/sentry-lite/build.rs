//! `sqlx::migrate!` embeds `migrations/` at build time: a new or edited migration must
//! rebuild the crate (sqlx's documented build script).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
