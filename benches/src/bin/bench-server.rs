//! One server of the harness:
//! `bench-server <axum|guidepost> <memory|sqlite|postgres> <addr> [database-url]`.
//!
//! One Tokio worker thread, so that a server pinned to one core (`taskset -c 0`) has it
//! to itself; prints `listening on <addr>` when it accepts connections.

use guidepost_benches::{Implementation, Store, router, serve};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: bench-server <axum|guidepost> <memory|sqlite|postgres> <addr> [database-url]";
    let implementation = args
        .first()
        .and_then(|name| Implementation::parse(name))
        .ok_or(usage)?;
    let store = args
        .get(1)
        .and_then(|name| Store::parse(name))
        .ok_or(usage)?;
    let addr = args.get(2).ok_or(usage)?.parse()?;
    let database = args.get(3).map_or("sqlite::memory:", String::as_str);
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?
        .block_on(async {
            let router = router(implementation, store, database).await?;
            serve(implementation, router, addr).await?;
            Ok(())
        })
}
