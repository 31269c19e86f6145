//! The side-by-side harness: `scripts/bench [runtime|...]` (which builds the servers,
//! installs `wrk` and FastAPI's venv) runs it and it rewrites its section of
//! `BENCHMARKS.md`.
//!
//! `runtime`: each server of [`guidepost_benches::probes`] started on loopback, pinned to
//! core 0 (`taskset`), `wrk` on core 1 at fixed concurrency; per path a warm-up, then a
//! measured run; implementations alternate within each round.

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use guidepost_benches::{Implementation, Probe, Store, probes};

type Error = Box<dyn std::error::Error>;

/// How a run is set up: `--rounds N --seconds S --warmup S --connections C`.
#[derive(Debug, Clone)]
struct Settings {
    rounds: usize,
    seconds: u64,
    warmup: u64,
    connections: u32,
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| "runtime".to_owned());
    let mut settings = Settings {
        rounds: 3,
        seconds: 10,
        warmup: 3,
        connections: 64,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--rounds" => settings.rounds = value.parse()?,
            "--seconds" => settings.seconds = value.parse()?,
            "--warmup" => settings.warmup = value.parse()?,
            "--connections" => settings.connections = value.parse()?,
            _ => return Err(format!("unknown flag {flag}").into()),
        }
    }
    let root = workspace_root()?;
    match command.as_str() {
        "runtime" => runtime(&root, &settings),
        other => Err(format!("unknown command {other}: runtime").into()),
    }
}

fn workspace_root() -> Result<PathBuf, Error> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    Ok(manifest
        .parent()
        .ok_or("benches/ has a parent")?
        .to_path_buf())
}

/// A server started for a run; killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `implementation` over `store`, pinned to core 0, on a free loopback port.
fn start(
    root: &Path,
    implementation: Implementation,
    store: Store,
    database: &Path,
) -> Result<Server, Error> {
    let port = free_port()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let mut command = Command::new("taskset");
    command.arg("-c").arg("0");
    match implementation {
        Implementation::FastApi => {
            command
                .arg(root.join("target/openapi-validator/bin/uvicorn"))
                .args(["app:app", "--app-dir"])
                .arg(root.join("benches/fastapi"))
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--log-level", "warning", "--no-access-log"])
                .env("BENCH_DB", database);
        }
        Implementation::Axum | Implementation::Guidepost => {
            let server = std::env::current_exe()?.with_file_name("bench-server");
            command
                .arg(server)
                .arg(implementation.name())
                .arg(store.name())
                .arg(addr.to_string())
                .arg(format!("sqlite:{}", database.display()));
        }
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        if Instant::now() > deadline {
            return Err(format!(
                "{} over {} did not start",
                implementation.name(),
                store.name()
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}

fn free_port() -> Result<u16, Error> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Sends `probe` once over a fresh connection and answers the status.
fn status_of(addr: SocketAddr, probe: &Probe) -> Result<u16, Error> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = probe.body.unwrap_or("");
    write!(
        stream,
        "{} {} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        probe.method,
        probe.target,
        probe.token,
        body.len()
    )?;
    let mut line = String::new();
    BufReader::new(&mut stream).read_line(&mut line)?;
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {line:?}").into())
}

/// What `wrk` measured.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    rps: f64,
    p50_us: f64,
    p99_us: f64,
}

/// Runs `wrk` on core 1 against `probe` for `seconds`.
fn wrk(
    root: &Path,
    addr: SocketAddr,
    probe: &Probe,
    seconds: u64,
    connections: u32,
) -> Result<Measure, Error> {
    let script = root.join("target/bench/probe.lua");
    let mut lua = format!(
        "wrk.method = \"{}\"\nwrk.headers[\"Authorization\"] = \"Bearer {}\"\n",
        probe.method, probe.token
    );
    if let Some(body) = probe.body {
        let _ = write!(
            lua,
            "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '{body}'\n"
        );
    }
    std::fs::write(&script, lua)?;
    let output = Command::new("taskset")
        .args(["-c", "1", "wrk", "-t1"])
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .arg("--latency")
        .arg("-s")
        .arg(&script)
        .arg(format!("http://{addr}{}", probe.target))
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("wrk failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    parse_wrk(&text, probe.status == 200)
}

/// Reads rps and the 50th and 99th percentiles; checks that every answer had the
/// expected class (wrk counts the answers that were not 2xx or 3xx).
fn parse_wrk(text: &str, success: bool) -> Result<Measure, Error> {
    let mut measure = Measure::default();
    let mut requests = 0_u64;
    let mut not_success = 0_u64;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rps) = line.strip_prefix("Requests/sec:") {
            measure.rps = rps.trim().parse()?;
        } else if let Some(value) = line.strip_prefix("50%") {
            measure.p50_us = micros(value.trim())?;
        } else if let Some(value) = line.strip_prefix("99%") {
            measure.p99_us = micros(value.trim())?;
        } else if let Some(count) = line.strip_prefix("Non-2xx or 3xx responses:") {
            not_success = count.trim().parse()?;
        } else if line.contains(" requests in ") {
            requests = line.split_whitespace().next().unwrap_or("0").parse()?;
        } else if line.starts_with("Socket errors:") {
            eprintln!("    wrk: {line}");
        }
    }
    let wrong = if success {
        not_success
    } else {
        requests - not_success.min(requests)
    };
    if requests == 0 || wrong > 0 {
        return Err(
            format!("{wrong} of {requests} answers had the wrong status class\n{text}").into(),
        );
    }
    Ok(measure)
}

fn micros(value: &str) -> Result<f64, Error> {
    let (number, factor) = if let Some(n) = value.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1_000.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1_000_000.0)
    } else {
        return Err(format!("a latency without a unit: {value}").into());
    };
    Ok(number.parse::<f64>()? * factor)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Creates the SQLite file all SQLite servers share: the example's schema and seed
/// (1,000 issues in `acme/backend`).
fn database(root: &Path) -> Result<PathBuf, Error> {
    let path = root.join("target/bench/sentry-lite.db");
    std::fs::create_dir_all(root.join("target/bench"))?;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite:{}", path.display());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let pool = sentry_lite::connect(&url).await?;
            pool.close().await;
            Ok::<_, sqlx::Error>(())
        })?;
    Ok(path)
}

fn runtime(root: &Path, settings: &Settings) -> Result<(), Error> {
    let database = database(root)?;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "Reproduce: `scripts/bench runtime` ({} rounds; per path a {} s warm-up, then {} s \
         measured with `wrk -t1 -c{}`; server on core 0, `wrk` on core 1; implementations \
         alternate in each round; the median of the rounds).\n",
        settings.rounds, settings.warmup, settings.seconds, settings.connections
    );
    let _ = writeln!(report, "{}\n", machine());
    let mut verdicts = Vec::new();
    for store in [Store::Memory, Store::Sqlite] {
        let mut implementations = vec![Implementation::Axum, Implementation::Guidepost];
        if store == Store::Sqlite {
            implementations.push(Implementation::FastApi);
        }
        let paths = probes(store);
        // [implementation][path][round]
        let mut results = vec![vec![Vec::new(); paths.len()]; implementations.len()];
        for round in 0..settings.rounds {
            for offset in 0..implementations.len() {
                let index = (round + offset) % implementations.len();
                let implementation = implementations[index];
                eprintln!(
                    "round {} · {} over {}",
                    round + 1,
                    implementation.name(),
                    store.name()
                );
                let server = start(root, implementation, store, &database)?;
                for (path, probe) in paths.iter().enumerate() {
                    let status = status_of(server.addr, probe)?;
                    if status != probe.status {
                        return Err(format!(
                            "{} over {}: {} answered {status}, not {}",
                            implementation.name(),
                            store.name(),
                            probe.name,
                            probe.status
                        )
                        .into());
                    }
                    wrk(
                        root,
                        server.addr,
                        probe,
                        settings.warmup,
                        settings.connections,
                    )?;
                    let measure = wrk(
                        root,
                        server.addr,
                        probe,
                        settings.seconds,
                        settings.connections,
                    )?;
                    eprintln!(
                        "  {:<18} {:>9.0} rps  p50 {:>7.0} µs  p99 {:>7.0} µs",
                        probe.name, measure.rps, measure.p50_us, measure.p99_us
                    );
                    results[index][path].push(measure);
                }
            }
        }
        let _ = writeln!(
            report,
            "### {}\n",
            match store {
                Store::Memory => "In memory: the same data in hash maps",
                Store::Sqlite => "SQLite: the example, over one database file",
            }
        );
        let mut header = "| path |".to_owned();
        let mut rule = "|---|".to_owned();
        for implementation in &implementations {
            let _ = write!(header, " {} rps | p50 | p99 |", implementation.name());
            rule.push_str("---:|---:|---:|");
        }
        header.push_str(" guidepost ÷ axum, rps (≥ 0.97) | p99 (≤ 1.05) |");
        rule.push_str("---:|---:|");
        let _ = writeln!(report, "{header}\n{rule}");
        for (path, probe) in paths.iter().enumerate() {
            let mut row = format!("| {} `{} {}` |", probe.name, probe.method, probe.target);
            let mut medians = Vec::new();
            for by_implementation in &results {
                let runs = &by_implementation[path];
                let m = Measure {
                    rps: median(&mut runs.iter().map(|m| m.rps).collect::<Vec<_>>()),
                    p50_us: median(&mut runs.iter().map(|m| m.p50_us).collect::<Vec<_>>()),
                    p99_us: median(&mut runs.iter().map(|m| m.p99_us).collect::<Vec<_>>()),
                };
                let _ = write!(
                    row,
                    " {:.0} | {} | {} |",
                    m.rps,
                    latency(m.p50_us),
                    latency(m.p99_us)
                );
                medians.push(m);
            }
            let throughput = medians[1].rps / medians[0].rps;
            let tail = medians[1].p99_us / medians[0].p99_us;
            let mark = |ok: bool| if ok { "✅" } else { "❌" };
            let _ = writeln!(
                row,
                " **{throughput:.2}×** {} | **{tail:.2}×** {} |",
                mark(throughput >= 0.97),
                mark(tail <= 1.05)
            );
            report.push_str(&row);
            verdicts.push((store, probe.name, throughput, tail));
        }
        report.push('\n');
    }
    replace_section(root, "runtime", &report)?;
    for (store, path, throughput, tail) in verdicts {
        eprintln!(
            "{:<7} {path:<18} throughput {throughput:.2}×  p99 {tail:.2}×",
            store.name()
        );
    }
    Ok(())
}

fn latency(micros: f64) -> String {
    if micros >= 1_000.0 {
        format!("{:.2} ms", micros / 1_000.0)
    } else {
        format!("{micros:.0} µs")
    }
}

/// The machine, the date and the toolchain, for every table.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let run = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    format!(
        "Machine: {cores} × {cpu}, {}; {}; {}; measured {}.",
        run("uname", &["-sr"]),
        run("rustc", &["--version"]),
        run("wrk", &["--version"])
            .lines()
            .next()
            .unwrap_or("wrk")
            .split(" [")
            .next()
            .unwrap_or("wrk"),
        run("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    )
}

/// Replaces the text between `<!-- {name}:begin -->` and `<!-- {name}:end -->` in
/// `BENCHMARKS.md`.
fn replace_section(root: &Path, name: &str, text: &str) -> Result<(), Error> {
    let path = root.join("BENCHMARKS.md");
    let document = std::fs::read_to_string(&path)?;
    let begin = format!("<!-- {name}:begin -->");
    let end = format!("<!-- {name}:end -->");
    let start = document
        .find(&begin)
        .ok_or_else(|| format!("BENCHMARKS.md has no {begin}"))?
        + begin.len();
    let stop = document[start..]
        .find(&end)
        .ok_or_else(|| format!("BENCHMARKS.md has no {end}"))?
        + start;
    let updated = format!(
        "{}\n{}\n{}",
        &document[..start],
        text.trim_end(),
        &document[stop..]
    );
    std::fs::write(&path, updated)?;
    Ok(())
}
