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
    if command == "generate" {
        // `harness generate <guidepost|utoipa> <n>`: write one crate, to read or build.
        let form = match args.next().as_deref() {
            Some("utoipa") => guidepost_benches::generate::Form::Utoipa,
            _ => guidepost_benches::generate::Form::Guidepost,
        };
        let n = args.next().map_or(Ok(25), |n| n.parse())?;
        let (dir, _) = generate(&workspace_root()?, form, n)?;
        println!("{}", dir.display());
        return Ok(());
    }
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--rounds" => settings.rounds = value.parse::<usize>()?.max(1),
            "--seconds" => settings.seconds = value.parse()?,
            "--warmup" => settings.warmup = value.parse()?,
            "--connections" => settings.connections = value.parse()?,
            _ => return Err(format!("unknown flag {flag}").into()),
        }
    }
    let root = workspace_root()?;
    match command.as_str() {
        "runtime" => runtime(&root, &settings),
        "depth" => depth(&root),
        "memory" => memory(&root, &settings),
        "compile" => compile(&root, &settings),
        "startup" => startup(&root),
        "instances" => instances(&root, &settings),
        other => Err(format!(
            "unknown command {other}: runtime, depth, memory, compile, startup, instances"
        )
        .into()),
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

/// Starts `implementation` over `store` (its database at `url`), pinned to core 0, on a
/// free loopback port.
fn start(
    root: &Path,
    implementation: Implementation,
    store: Store,
    url: &str,
) -> Result<Server, Error> {
    start_on(root, implementation, store, url, "0")
}

/// [`start`], pinned to `cores` (`taskset -c`: `0`, or `0,1` for both).
fn start_on(
    root: &Path,
    implementation: Implementation,
    store: Store,
    url: &str,
    cores: &str,
) -> Result<Server, Error> {
    let port = free_port()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let mut command = Command::new("taskset");
    command.arg("-c").arg(cores);
    match implementation {
        Implementation::FastApi => {
            command
                .arg(root.join("target/openapi-validator/bin/uvicorn"))
                .args(["app:app", "--app-dir"])
                .arg(root.join("benches/fastapi"))
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--log-level", "warning", "--no-access-log"])
                .env("BENCH_DB", url.strip_prefix("sqlite:").unwrap_or(url));
        }
        Implementation::Axum | Implementation::Guidepost => {
            let server = std::env::current_exe()?.with_file_name("bench-server");
            command
                .arg(server)
                .arg(implementation.name())
                .arg(store.name())
                .arg(addr.to_string())
                .arg(url);
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
    let script = probe_script(root, probe)?;
    run_wrk(&script, addr, probe, seconds, connections, "1")
}

/// Writes the `wrk` script that sends `probe` and counts wrong statuses; its path.
fn probe_script(root: &Path, probe: &Probe) -> Result<PathBuf, Error> {
    let script = root.join("target/bench/probe.lua");
    // Every answer's exact status is checked: a count of the others, summed over wrk's
    // threads and printed at the end.
    let mut lua = format!(
        "wrk.method = \"{}\"\nwrk.headers[\"Authorization\"] = \"Bearer {}\"\n\
         local threads = {{}}\n\
         function setup(thread) table.insert(threads, thread) end\n\
         function init(args) wrong = 0 end\n\
         function response(status, headers, body) if status ~= {} then wrong = wrong + 1 end end\n\
         function done(summary, latency, requests)\n\
           local total = 0\n\
           for _, thread in ipairs(threads) do total = total + thread:get(\"wrong\") end\n\
           io.write(\"Wrong statuses: \" .. total .. \"\\n\")\n\
         end\n",
        probe.method, probe.token, probe.status
    );
    if let Some(body) = probe.body {
        let _ = write!(
            lua,
            "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '{body}'\n"
        );
    }
    std::fs::write(&script, lua)?;
    Ok(script)
}

/// Runs `wrk -t1` on `cores` with `script` against `probe` at `addr` for `seconds`.
fn run_wrk(
    script: &Path,
    addr: SocketAddr,
    probe: &Probe,
    seconds: u64,
    connections: u32,
    cores: &str,
) -> Result<Measure, Error> {
    let output = Command::new("taskset")
        .args(["-c", cores, "wrk", "-t1"])
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .arg("--latency")
        .arg("-s")
        .arg(script)
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
    let mut wrong_status = 0_u64;
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
        } else if let Some(count) = line.strip_prefix("Wrong statuses:") {
            wrong_status = count.trim().parse()?;
        } else if line.starts_with("Socket errors:") {
            eprintln!("    wrk: {line}");
            // A request that timed out is missing from the latency figures: refuse the run.
            let timeouts = line.rsplit("timeout ").next().unwrap_or("0").trim();
            if timeouts.parse::<u64>().unwrap_or(0) > 0 {
                return Err(format!("requests timed out: {line}").into());
            }
        }
    }
    let wrong = if success {
        not_success
    } else {
        requests - not_success.min(requests)
    };
    let wrong = wrong.max(wrong_status);
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

/// The median: the middle value, or the mean of the two middle ones.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => f64::NAN,
        length if length % 2 == 0 => f64::midpoint(values[middle - 1], values[middle]),
        _ => values[middle],
    }
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

/// The port of the benchmarks' PostgreSQL server (the tests' is 54329).
const POSTGRES_PORT: &str = "54350";

/// A throwaway PostgreSQL server for the benchmarks (`scripts/postgres` on
/// [`POSTGRES_PORT`]: a fresh data directory, `fsync=off`), its processes pinned to core 0
/// beside the server under test; stopped and removed when dropped.
struct Postgres {
    script: PathBuf,
}

impl Postgres {
    /// Starts it and applies the example's schema and seed; it and its URL.
    fn start(root: &Path) -> Result<(Self, String), Error> {
        let script = root.join("scripts/postgres");
        let output = Command::new("taskset")
            .args(["-c", "0"])
            .arg(&script)
            .arg("start")
            .env("GUIDEPOST_PG_PORT", POSTGRES_PORT)
            .output()?;
        if !output.status.success() {
            return Err(format!(
                "scripts/postgres start: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        let server = Postgres { script };
        let url = String::from_utf8(output.stdout)?.trim().to_owned();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(async {
                let db = sentry_lite::connect(&url).await?;
                // Statistics for the seeded tables before anything is measured: without
                // them the planner guesses until autovacuum's first ANALYZE, some minutes
                // into the run, and the servers measured first pay for it.
                if let Some(pool) = db.as_postgres() {
                    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
                }
                db.close().await;
                Ok::<_, sqlx::Error>(())
            })?;
        Ok((server, url))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = Command::new(&self.script)
            .arg("stop")
            .env("GUIDEPOST_PG_PORT", POSTGRES_PORT)
            .status();
    }
}

/// `instances`: the example over one PostgreSQL database, one instance against two, each
/// with one worker thread; the load split evenly over the instances (one `wrk` each, half
/// the connections). Nothing is pinned: on this machine the instances, the database and
/// the load generator share its cores, so the ratio says what a second instance adds
/// here (and that nothing in guidepost serializes instances), not how far they scale.
fn instances(root: &Path, settings: &Settings) -> Result<(), Error> {
    let (_postgres, url) = Postgres::start(root)?;
    let paths: Vec<Probe> = probes(Store::Postgres)
        .into_iter()
        .filter(|probe| probe.status == 200)
        .collect();
    // [instances - 1][path][round]
    let mut results = vec![vec![Vec::new(); paths.len()]; 2];
    for round in 0..settings.rounds {
        for offset in 0..2 {
            let count = (round + offset) % 2 + 1;
            eprintln!("round {} · {count} instance(s)", round + 1);
            let servers = (0..count)
                .map(|_| {
                    start_on(
                        root,
                        Implementation::Guidepost,
                        Store::Postgres,
                        &url,
                        "0,1",
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            for (path, probe) in paths.iter().enumerate() {
                for server in &servers {
                    let status = status_of(server.addr, probe)?;
                    if status != probe.status {
                        return Err(format!("{} answered {status}", probe.name).into());
                    }
                }
                let script = probe_script(root, probe)?;
                let connections = settings.connections / u32::try_from(count)?;
                let mut measures = Vec::new();
                for seconds in [settings.warmup, settings.seconds] {
                    measures = std::thread::scope(|scope| {
                        let runs: Vec<_> = servers
                            .iter()
                            .map(|server| {
                                let script = &script;
                                scope.spawn(move || {
                                    run_wrk(script, server.addr, probe, seconds, connections, "0,1")
                                        .map_err(|error| error.to_string())
                                })
                            })
                            .collect();
                        runs.into_iter()
                            .map(|run| run.join().map_err(|_| "wrk panicked".to_owned())?)
                            .collect::<Result<Vec<_>, String>>()
                    })?;
                }
                let total = Measure {
                    rps: measures.iter().map(|m| m.rps).sum(),
                    p50_us: measures.iter().map(|m| m.p50_us).fold(0.0, f64::max),
                    p99_us: measures.iter().map(|m| m.p99_us).fold(0.0, f64::max),
                };
                eprintln!(
                    "  {:<18} {:>9.0} rps  p50 {:>7.0} µs  p99 {:>7.0} µs",
                    probe.name, total.rps, total.p50_us, total.p99_us
                );
                results[count - 1][path].push(total);
            }
        }
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "Reproduce: `scripts/bench instances` ({} rounds; per path a {} s warm-up, then {} s \
         measured; the example's binary server (`bench-server guidepost postgres`, one Tokio \
         worker each) over one throwaway PostgreSQL database; one instance under `wrk -t1 \
         -c{}`, or two under one `wrk -t1 -c{}` each at once, their rates summed and the \
         worse percentile kept; nothing pinned; the median of the rounds).\n",
        settings.rounds,
        settings.warmup,
        settings.seconds,
        settings.connections,
        settings.connections / 2
    );
    let _ = writeln!(report, "{}\n", machine());
    let _ = writeln!(
        report,
        "| path | one instance rps | p50 | p99 | two instances rps | p50 | p99 | two ÷ one, rps |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (path, probe) in paths.iter().enumerate() {
        let mut row = format!("| {} `{} {}` |", probe.name, probe.method, probe.target);
        let mut rates = Vec::new();
        for by_count in &results {
            let runs = &by_count[path];
            let rps = median(&mut runs.iter().map(|m| m.rps).collect::<Vec<_>>());
            let p50 = median(&mut runs.iter().map(|m| m.p50_us).collect::<Vec<_>>());
            let p99 = median(&mut runs.iter().map(|m| m.p99_us).collect::<Vec<_>>());
            let _ = write!(row, " {rps:.0} | {} | {} |", latency(p50), latency(p99));
            rates.push(rps);
        }
        let _ = writeln!(row, " **{:.2}×** |", rates[1] / rates[0]);
        report.push_str(&row);
    }
    replace_section(root, "instances", &report)
}

fn runtime(root: &Path, settings: &Settings) -> Result<(), Error> {
    let sqlite = format!("sqlite:{}", database(root)?.display());
    let (_postgres, postgres) = Postgres::start(root)?;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "Reproduce: `scripts/bench runtime` ({} rounds; per path a {} s warm-up, then {} s \
         measured with `wrk -t1 -c{}`; server on core 0, `wrk` on core 1; PostgreSQL a \
         throwaway local server (`scripts/postgres`, `fsync=off`), its processes on core 0 \
         beside the server; implementations alternate in each round; the median of the \
         rounds).\n",
        settings.rounds, settings.warmup, settings.seconds, settings.connections
    );
    let _ = writeln!(report, "{}\n", machine());
    let mut verdicts = Vec::new();
    for store in [Store::Memory, Store::Sqlite, Store::Postgres] {
        let url = if store == Store::Postgres {
            postgres.as_str()
        } else {
            sqlite.as_str()
        };
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
                let server = start(root, implementation, store, url)?;
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
                Store::Postgres => "PostgreSQL: the example, over a local server",
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
            // Three decimals, rounded toward the failing side, so that no ratio reads as
            // meeting its target when it does not (0.9699 is 0.969, not 0.97).
            let _ = writeln!(
                row,
                " **{:.3}×** {} | **{:.3}×** {} |",
                (throughput * 1000.0).floor() / 1000.0,
                mark(throughput >= 0.97),
                (tail * 1000.0).ceil() / 1000.0,
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

/// The machine, the date, the toolchain and the load generator, for every table that
/// `wrk` measured.
fn machine() -> String {
    machine_of(true)
}

/// The machine, the date and the toolchain; `wrk`'s version too when `load`.
fn machine_of(load: bool) -> String {
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
    let wrk = if load {
        let version = run("wrk", &["--version"]);
        let version = version.lines().next().unwrap_or("wrk");
        format!("{}; ", version.split(" [").next().unwrap_or("wrk"))
    } else {
        String::new()
    };
    format!(
        "Machine: {cores} × {cpu}, {}; {}; {wrk}measured {}.",
        run("uname", &["-sr"]),
        run("rustc", &["--version"]),
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

/// Rows added to `acme/backend` for the depth benchmark, on top of the seed's 1,000.
const DEPTH_ROWS: i64 = 1_000_000;

/// `depth`: a keyset page at row 1,000,000 against page 1, through the whole stack
/// in-process (the example's router, `tower::ServiceExt::oneshot`), with `OFFSET` at the
/// same depths (the SQL alone) beside it.
fn depth(root: &Path) -> Result<(), Error> {
    use tower::ServiceExt as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let depths: [usize; 4] = [0, 10_000, 100_000, 1_000_000];
    let (keyset, keyset_sql, offset) = runtime.block_on(async {
        let db = guidepost_benches::database::open_sqlite("sqlite::memory:").await?;
        eprintln!("inserting {DEPTH_ROWS} issues");
        guidepost_benches::database::add_issues(&db, DEPTH_ROWS).await?;
        let router = guidepost_benches::database::guidepost_router(db.clone())?;
        let page = |cursor: Option<String>| {
            let router = router.clone();
            async move {
                let target = match cursor {
                    None => "/api/0/projects/acme/backend/issues/?limit=100".to_owned(),
                    Some(cursor) => {
                        format!("/api/0/projects/acme/backend/issues/?limit=100&cursor={cursor}")
                    }
                };
                let request = axum::http::Request::get(target)
                    .header("authorization", "Bearer demo-alice-admin")
                    .body(axum::body::Body::empty())?;
                let response = router.oneshot(request).await?;
                if response.status() != 200 {
                    return Err(format!("a page answered {}", response.status()).into());
                }
                let link = response
                    .headers()
                    .get("link")
                    .and_then(|link| link.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
                Ok::<_, Error>(next_cursor(&link))
            }
        };
        // The cursor of the page starting at each depth, by walking there as a client
        // would (10,000 pages).
        eprintln!("walking to row {}", depths[3]);
        let mut cursors = vec![None];
        let mut cursor = None;
        for row in (100..=depths[3]).step_by(100) {
            cursor = Some(page(cursor).await?.ok_or("the list ended early")?);
            if depths.contains(&row) {
                cursors.push(cursor.clone());
            }
        }
        // The depths in turn, 300 rounds: whatever drifts (the allocator, the CPU's
        // clock) drifts for all of them alike.
        let mut times = vec![Vec::new(); depths.len()];
        for _ in 0..300 {
            for (index, cursor) in cursors.iter().enumerate() {
                let start = Instant::now();
                page(cursor.clone()).await?;
                times[index].push(start.elapsed().as_secs_f64() * 1e6);
            }
        }
        let keyset: Vec<f64> = times.iter_mut().map(|times| median(times)).collect();
        for (depth, micros) in depths.iter().zip(&keyset) {
            eprintln!("  keyset at {depth}: {micros:.0} µs");
        }
        // The keyset query alone, with the columns the `OFFSET` query reads: what the
        // database does at each depth, without the request's fixed costs around it.
        let mut positions = Vec::new();
        for depth in depths {
            let position: Option<(String, i64)> = match depth {
                0 => None,
                _ => Some(
                    sqlx::query_as(
                        "SELECT date_created, id FROM issues WHERE project_id = 1
                         ORDER BY date_created, id LIMIT 1 OFFSET ?1",
                    )
                    .bind(i64::try_from(depth - 1)?)
                    .fetch_one(&db)
                    .await?,
                ),
            };
            positions.push(position);
        }
        let mut sql_times = vec![Vec::new(); depths.len()];
        for _ in 0..300 {
            for (index, position) in positions.iter().enumerate() {
                let start = Instant::now();
                let rows: Vec<(i64, String)> = match position {
                    None => {
                        sqlx::query_as(
                            "SELECT id, title FROM issues WHERE project_id = 1
                             ORDER BY date_created, id LIMIT 101",
                        )
                        .fetch_all(&db)
                        .await?
                    }
                    Some((date, id)) => {
                        sqlx::query_as(
                            "SELECT id, title FROM issues WHERE project_id = 1
                             AND (date_created, id) > (?1, ?2)
                             ORDER BY date_created, id LIMIT 101",
                        )
                        .bind(date)
                        .bind(id)
                        .fetch_all(&db)
                        .await?
                    }
                };
                if rows.is_empty() {
                    return Err("the keyset query ran past the end".into());
                }
                sql_times[index].push(start.elapsed().as_secs_f64() * 1e6);
            }
        }
        let keyset_sql: Vec<f64> = sql_times.iter_mut().map(|times| median(times)).collect();
        let mut offset = Vec::new();
        for depth in depths {
            let mut times = Vec::new();
            for _ in 0..if depth >= 100_000 { 15 } else { 100 } {
                let start = Instant::now();
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, title FROM issues WHERE project_id = 1
                     ORDER BY date_created, id LIMIT 101 OFFSET ?1",
                )
                .bind(i64::try_from(depth)?)
                .fetch_all(&db)
                .await?;
                if rows.is_empty() {
                    return Err("OFFSET ran past the end".into());
                }
                times.push(start.elapsed().as_secs_f64() * 1e6);
            }
            offset.push(median(&mut times));
            eprintln!(
                "  OFFSET at {depth}: {:.0} µs",
                offset.last().copied().unwrap_or_default()
            );
        }
        Ok::<_, Error>((keyset, keyset_sql, offset))
    })?;
    let mut report = format!(
        "Reproduce: `scripts/bench depth` (the example on in-memory SQLite with {DEPTH_ROWS} \
         issues added to `acme/backend`; each page reached by following `Link` from the \
         first, as a client would; the median of 300 requests through the whole router \
         in-process, the depths taken in turn; and of the keyset query alone and the `OFFSET` query alone at the same depth, reading the same two columns).\n\n{}\n\n",
        machine_of(false)
    );
    report.push_str(
        "| depth (rows before the page) | keyset page, whole request | ÷ page 1 (≤ 1.2) | keyset query alone | ÷ its page 1 (≤ 1.2) | `OFFSET` query alone | ÷ its page 1 |\n|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (index, depth) in depths.iter().enumerate() {
        let ratio = keyset[index] / keyset[0];
        let sql_ratio = keyset_sql[index] / keyset_sql[0];
        let mark = |ratio: f64| if ratio <= 1.2 { "✅" } else { "❌" };
        let _ = writeln!(
            report,
            "| {} | {} | **{ratio:.2}×** {} | {} | **{sql_ratio:.2}×** {} | {} | {:.1}× |",
            thousands(*depth),
            latency(keyset[index]),
            mark(ratio),
            latency(keyset_sql[index]),
            mark(sql_ratio),
            latency(offset[index]),
            offset[index] / offset[0]
        );
    }
    replace_section(root, "depth", &report)
}

fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The `next` cursor of Sentry's `Link` header, when it says there are results.
fn next_cursor(link: &str) -> Option<String> {
    let next = link.split(", <").nth(1)?;
    if !next.contains("results=\"true\"") {
        return None;
    }
    let start = next.find("cursor=\"")? + "cursor=\"".len();
    Some(next[start..].trim_end_matches('"').to_owned())
}

/// The addresses the memory load's requests come from, each named in `X-Forwarded-For`
/// (the example trusting it, as behind a proxy): enough that the failed-authentication
/// throttle keeps tens of thousands of keys and must forget idle ones to stay bounded.
const MEMORY_CLIENT_ADDRESSES: u32 = 65_536;

/// Warm-up before the memory samples count: SQLite's page cache and the allocator's
/// arenas fill in the first seconds of any load, which is not growth.
const MEMORY_WARMUP_SECONDS: u64 = 10;

/// `memory`: the example's own binary (`sentry-lite`, release) under the five paths of
/// `runtime` in turn, each request from one of [`MEMORY_CLIENT_ADDRESSES`] client
/// addresses; resident memory sampled each second after a warm-up for 60 s (or
/// `--seconds`), the growth read as the first and last 10 s and as a least-squares slope.
fn memory(root: &Path, settings: &Settings) -> Result<(), Error> {
    let database = database(root)?;
    let seconds = settings.seconds.max(60);
    let default = memory_run(root, &database, settings, None)?;
    let one_arena = memory_run(root, &database, settings, Some("1"))?;
    let mark = |ok: bool| if ok { "✅" } else { "❌" };
    let row = |label: &str, value: &dyn Fn(&MemoryRun) -> String| {
        format!("| {label} | {} | {} |", value(&default), value(&one_arena))
    };
    let report = format!(
        "Reproduce: `scripts/bench memory` (the example's release binary, its default \
         settings but trusting `X-Forwarded-For`, on one SQLite file; `wrk -t1 -c{}` sending the five \
         SQLite paths of the runtime table in turn — 200 detail, 200 page of 100, 401, 404, 422 — \
         each request from one of {} client addresses in `X-Forwarded-For`, so that the \
         failed-authentication throttle's keyed state holds tens of thousands of addresses; \
         every answer's status checked; {MEMORY_WARMUP_SECONDS} s of warm-up, then {seconds} s \
         measured; resident memory read from `/proc/<pid>/status` each second; run twice, with \
         glibc's allocator as it comes and with `MALLOC_ARENA_MAX=1`).\n\n{}\n\n\
         | | glibc's default arenas | `MALLOC_ARENA_MAX=1` | target |\n|---|---:|---:|---:|\n\
         {} |\n{} |\n{} ≤ 64 MiB |\n{} |\n{} |\n{} no growth (≤ 1.02×) |\n{} |\n\n\
         Resident every 10 s under load, default arenas: {} MiB; one arena: {} MiB.\n",
        settings.connections,
        thousands(MEMORY_CLIENT_ADDRESSES as usize),
        machine(),
        row("requests a second", &|run| format!("{:.0}", run.rps)),
        row("resident at start, idle", &|run| format!(
            "{:.1} MiB",
            run.idle
        )),
        row("peak resident (`VmHWM`) under load", &|run| format!(
            "**{:.1} MiB** {}",
            run.peak,
            mark(run.peak <= 64.0)
        )),
        row("mean resident, first 10 s", &|run| format!(
            "{:.1} MiB",
            run.first
        )),
        row("mean resident, last 10 s", &|run| format!(
            "{:.1} MiB",
            run.last
        )),
        row("growth, last ÷ first", &|run| format!(
            "**{:.3}×** {}",
            run.last / run.first,
            mark(run.last / run.first <= 1.02)
        )),
        row(
            &format!("trend over the {seconds} s (least squares)"),
            &|run| format!("{:+.2} MiB a minute", run.per_minute)
        ),
        default.series,
        one_arena.series,
    );
    replace_section(root, "memory", &report)
}

/// What one run of the memory load saw.
struct MemoryRun {
    rps: f64,
    idle: f64,
    peak: f64,
    first: f64,
    last: f64,
    per_minute: f64,
    series: String,
}

/// One run of the memory load; `arena_max`: glibc's `MALLOC_ARENA_MAX` for the server.
fn memory_run(
    root: &Path,
    database: &Path,
    settings: &Settings,
    arena_max: Option<&str>,
) -> Result<MemoryRun, Error> {
    let binary = std::env::current_exe()?.with_file_name("sentry-lite");
    let port = free_port()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let mut command = Command::new("taskset");
    if let Some(arenas) = arena_max {
        command.env("MALLOC_ARENA_MAX", arenas);
    }
    let child = command
        .args(["-c", "0"])
        .arg(&binary)
        .env("GUIDEPOST_ADDR", addr.to_string())
        .env("DATABASE_URL", format!("sqlite:{}", database.display()))
        .env("GUIDEPOST_TRUST_FORWARDED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("{}: {error}", binary.display()))?;
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(addr).is_err() {
        if Instant::now() > deadline {
            return Err("the example did not start".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = server.child.id();
    let status = |field: &str| -> Option<f64> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = text.lines().find(|line| line.starts_with(field))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    let idle = status("VmRSS:").ok_or("no /proc status")?;
    let script = root.join("target/bench/rotate.lua");
    let rotation = probes(Store::Sqlite);
    for probe in &rotation {
        if status_of(addr, probe)? != probe.status {
            return Err(format!("{} did not answer {}", probe.name, probe.status).into());
        }
    }
    std::fs::write(&script, rotation_script(&rotation, MEMORY_CLIENT_ADDRESSES))?;
    // 60 s measured, or longer with `--seconds` (to see whether memory settles).
    let seconds = settings.seconds.max(60);
    let load = Command::new("taskset")
        .args(["-c", "1", "wrk", "-t1"])
        .arg(format!("-c{}", settings.connections))
        .arg(format!("-d{}s", seconds + MEMORY_WARMUP_SECONDS))
        .arg("-s")
        .arg(&script)
        .arg(format!("http://{addr}/"))
        .stdout(Stdio::piped())
        .spawn()?;
    std::thread::sleep(Duration::from_secs(MEMORY_WARMUP_SECONDS));
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(1));
        samples.push(status("VmRSS:").unwrap_or_default());
    }
    let output = load.wait_with_output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let rps = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Requests/sec:"))
        .and_then(|rps| rps.trim().parse::<f64>().ok())
        .unwrap_or_default();
    let wrong = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Wrong statuses:"))
        .and_then(|count| count.trim().parse::<u64>().ok())
        .ok_or("wrk did not count the statuses")?;
    if wrong > 0 {
        return Err(format!("{wrong} answers under load had another status than expected").into());
    }
    let peak = status("VmHWM:").unwrap_or_default();
    drop(server);
    if samples.iter().any(|rss| *rss <= 0.0) {
        return Err("resident memory could not be read".into());
    }
    let window = 10.min(samples.len());
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let first = mean(&samples[..window]);
    let last = mean(&samples[samples.len() - window..]);
    let per_minute = slope(&samples) * 60.0;
    let series: Vec<String> = samples
        .iter()
        .skip(9)
        .step_by(10)
        .map(|rss| format!("{rss:.1}"))
        .collect();
    Ok(MemoryRun {
        rps,
        idle,
        peak,
        first,
        last,
        per_minute,
        series: series.join(", "),
    })
}

/// A `wrk` script sending `probes` in turn, the `n`th request from client address
/// `10.a.b.c` for `n` modulo `addresses`, and counting answers of a status no probe has
/// (printed as `Wrong statuses: N` when done).
fn rotation_script(probes: &[Probe], addresses: u32) -> String {
    let mut lua = String::from("local probes = {}\n");
    for (index, probe) in probes.iter().enumerate() {
        let body = probe
            .body
            .map_or("nil".to_owned(), |body| format!("'{body}'"));
        let _ = writeln!(
            lua,
            "probes[{}] = {{\"{}\", \"{}\", \"Bearer {}\", {body}}}",
            index + 1,
            probe.method,
            probe.target,
            probe.token
        );
    }
    let expected: Vec<String> = probes
        .iter()
        .map(|probe| format!("[{}] = true", probe.status))
        .collect();
    let _ = write!(
        lua,
        "local expected = {{{}}}\nlocal addresses = {addresses}\nlocal n = 0\nlocal threads = {{}}\n\
         function setup(thread) table.insert(threads, thread) end\n\
         request = function()\n\
         \x20 n = n + 1\n\
         \x20 local p = probes[(n - 1) % #probes + 1]\n\
         \x20 local a = n % addresses\n\
         \x20 local client = \"10.\" .. math.floor(a / 65536) % 256 .. \".\" .. math.floor(a / 256) % 256 .. \".\" .. a % 256\n\
         \x20 return wrk.format(p[1], p[2], {{[\"Authorization\"] = p[3], [\"Content-Type\"] = \"application/json\", [\"X-Forwarded-For\"] = client}}, p[4])\n\
         end\n\
         wrong = 0\n\
         response = function(status)\n  if not expected[status] then wrong = wrong + 1 end\nend\n\
         function done() local total = 0 for _, t in ipairs(threads) do total = total + t:get(\"wrong\") end io.write(\"Wrong statuses: \" .. total .. \"\\n\") end\n",
        expected.join(", ")
    );
    lua
}

/// The least-squares slope of `samples` taken one a second, per second.
fn slope(samples: &[f64]) -> f64 {
    let n = samples.len() as f64;
    if samples.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = samples.iter().sum::<f64>() / n;
    let (covariance, variance) = samples
        .iter()
        .enumerate()
        .fold((0.0, 0.0), |(c, v), (x, y)| {
            let dx = x as f64 - mean_x;
            (c + dx * (y - mean_y), v + dx * dx)
        });
    covariance / variance
}

/// Runs `cargo` with `args` in `dir`, sharing one target directory among the generated
/// crates (their dependencies build once); answers the seconds it took.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<f64, Error> {
    let start = Instant::now();
    let output = Command::new("cargo")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "cargo {} in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(seconds)
}

/// Writes the crate of `n` endpoints in `form`; answers its directory and package name.
fn generate(
    root: &Path,
    form: guidepost_benches::generate::Form,
    n: usize,
) -> Result<(PathBuf, String), Error> {
    let corpus: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        root.join("benches/data/sentry-public-api.json"),
    )?)?;
    let dir = root.join(format!("target/compile-bench/{}-{n}", form.name()));
    let _ = std::fs::remove_dir_all(dir.join("src"));
    std::fs::create_dir_all(dir.join("src"))?;
    let runtime = root.join("runtime");
    for (path, text) in
        guidepost_benches::generate::crate_files(form, n, &corpus, &runtime.display().to_string())
    {
        std::fs::write(dir.join(path), text)?;
    }
    // The workspace's lock file: the same versions of every shared dependency.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok((dir, format!("gen-{}-{n}", form.name())))
}

/// `compile`: the generated crates at N = 25, 100, 400 in both forms: `cargo build` and
/// `cargo check` of the crate alone (its dependencies built), and the rebuild after one
/// handler changes. The two forms take turns, the first alternating from run to run,
/// so that a machine whose speed drifts during the minutes this takes (a shared VM's
/// does) drifts for both alike; the lowest of the runs each (four, two at N = 400).
fn compile(root: &Path, _: &Settings) -> Result<(), Error> {
    use guidepost_benches::generate::Form;
    let target = root.join("target/compile-bench/target");
    let sizes = [25_usize, 100, 400];
    let mut rows = Vec::new();
    for n in sizes {
        let mut crates = Vec::new();
        for form in [Form::Guidepost, Form::Utoipa] {
            let (dir, name) = generate(root, form, n)?;
            eprintln!("{name}: dependencies");
            cargo(&dir, &target, &["build", "--quiet"])?;
            cargo(&dir, &target, &["check", "--quiet"])?;
            crates.push((dir, name));
        }
        let runs = if n >= 400 { 2 } else { 4 };
        let mut best = [[f64::MAX; 3]; 2];
        for run in 0..runs {
            let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
            for index in order {
                let (dir, name) = &crates[index];
                let best = &mut best[index];
                cargo(dir, &target, &["clean", "--quiet", "-p", name])?;
                best[0] = best[0].min(cargo(dir, &target, &["build", "--quiet"])?);
                cargo(dir, &target, &["clean", "--quiet", "-p", name])?;
                best[1] = best[1].min(cargo(dir, &target, &["check", "--quiet"])?);
                cargo(dir, &target, &["build", "--quiet"])?;
                // One handler's body changes (and changes back on the next run).
                let file = dir.join("src/m0.rs");
                let text = std::fs::read_to_string(&file)?;
                let (from, to) = if run % 2 == 0 {
                    ("let _revision = 0_u32;", "let _revision = 1_u32;")
                } else {
                    ("let _revision = 1_u32;", "let _revision = 0_u32;")
                };
                let changed = text.replacen(from, to, 1);
                if changed == text {
                    return Err(format!("no handler to change in {}", file.display()).into());
                }
                std::fs::write(&file, changed)?;
                best[2] = best[2].min(cargo(dir, &target, &["build", "--quiet"])?);
            }
        }
        for ((_, name), best) in crates.iter().zip(&best) {
            eprintln!(
                "  {name}: build {:.1} s, check {:.1} s, rebuild {:.1} s",
                best[0], best[1], best[2]
            );
        }
        rows.push((n, best.to_vec()));
    }
    let mark = |ratio: f64| if ratio <= 1.0 { "✅" } else { "❌" };
    let mut report = format!(
        "Reproduce: `scripts/bench compile` (crates written by `benches/src/generate.rs` under \
         `target/compile-bench/`; dev profile; dependencies built first; the two forms \
         measured in turn, the first alternating; the lowest of four runs, two at N = 400; \
         \"rebuild\" changes one handler's body in the first module file).\n\n{}\n\n\
         | N | | guidepost | axum + utoipa | guidepost ÷ utoipa (≤ 1.0) | guidepost per endpoint | utoipa per endpoint |\n\
         |---:|---|---:|---:|---:|---:|---:|\n",
        machine_of(false)
    );
    for (n, measured) in &rows {
        for (index, what) in [
            "`cargo build` of the crate",
            "`cargo check` of the crate",
            "rebuild after one handler changes",
        ]
        .iter()
        .enumerate()
        {
            let ratio = measured[0][index] / measured[1][index];
            let _ = writeln!(
                report,
                "| {n} | {what} | {:.2} s | {:.2} s | **{ratio:.2}×** {} | {:.1} ms | {:.1} ms |",
                measured[0][index],
                measured[1][index],
                mark(ratio),
                measured[0][index] * 1e3 / *n as f64,
                measured[1][index] * 1e3 / *n as f64
            );
        }
    }
    replace_section(root, "compile", &report)
}

/// `startup`: the release binary of each N = 400 generated crate, from process start to
/// its first answered request, routes and OpenAPI document built before it binds.
fn startup(root: &Path) -> Result<(), Error> {
    use guidepost_benches::generate::Form;
    let target = root.join("target/compile-bench/target");
    let mut startup = Vec::new();
    for form in [Form::Guidepost, Form::Utoipa] {
        let (dir, name) = generate(root, form, 400)?;
        cargo(&dir, &target, &["build", "--quiet", "--release"])?;
        let binary = target.join("release").join(&name);
        let mut times = Vec::new();
        for _ in 0..15 {
            let port = free_port()?;
            let addr: SocketAddr = ([127, 0, 0, 1], port).into();
            let start = Instant::now();
            let child = Command::new(&binary)
                .arg(addr.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            let _server = Server { child, addr };
            let probe = Probe {
                name: "document",
                method: "GET",
                target: "/api/0/openapi.json".to_owned(),
                token: "t".to_owned(),
                body: None,
                status: 200,
            };
            loop {
                if let Ok(200) = status_of(addr, &probe) {
                    break;
                }
                if start.elapsed() > Duration::from_secs(30) {
                    return Err(format!("{name} did not answer").into());
                }
                std::thread::sleep(Duration::from_micros(500));
            }
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
        startup.push(median(&mut times));
        eprintln!(
            "{name}: first answer after {:.1} ms",
            startup.last().copied().unwrap_or_default()
        );
    }
    let ratio = startup[0] / startup[1];
    let report = format!(
        "Reproduce: `scripts/bench startup` (the N = 400 crates of `compile`, release build; \
         process start to the first answered request, `GET /api/0/openapi.json` polled \
         every 0.5 ms; each binary builds its routes and OpenAPI document before it binds \
         its socket; median of 15 starts).\n\n{}\n\n\
         | 400 endpoints | guidepost | axum + utoipa | guidepost ÷ utoipa |\n|---|---:|---:|---:|\n\
         | process start → first answer | **{:.1} ms** | {:.1} ms | {ratio:.2}× |\n",
        machine_of(false),
        startup[0],
        startup[1]
    );
    replace_section(root, "startup", &report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `wrk --latency` output as wrk 4.1 prints it, with the scripts' status count.
    fn wrk_output(non_success: Option<u64>, wrong: u64, socket_errors: Option<&str>) -> String {
        let mut text = String::from(
            "Running 10s test @ http://127.0.0.1:9000/api/0/projects/org-7/proj-3/\n\
             \x20 1 threads and 64 connections\n\
             \x20 Thread Stats   Avg      Stdev     Max   +/- Stdev\n\
             \x20   Latency   652.10us  120.33us   4.10ms   90.12%\n\
             \x20 Latency Distribution\n\
             \x20    50%  641.00us\n\
             \x20    75%  700.00us\n\
             \x20    90%  800.00us\n\
             \x20    99%    1.01ms\n\
             \x20 993070 requests in 10.00s, 250.00MB read\n",
        );
        if let Some(errors) = socket_errors {
            text.push_str(&format!("  Socket errors: {errors}\n"));
        }
        if let Some(count) = non_success {
            text.push_str(&format!("  Non-2xx or 3xx responses: {count}\n"));
        }
        text.push_str(&format!(
            "Requests/sec:  99307.12\nTransfer/sec:     25.00MB\nWrong statuses: {wrong}\n"
        ));
        text
    }

    #[test]
    fn a_run_of_200s_reads_its_rate_and_percentiles() {
        let measure = parse_wrk(&wrk_output(None, 0, None), true).unwrap();
        assert!((measure.rps - 99_307.12).abs() < 1e-6);
        assert!((measure.p50_us - 641.0).abs() < 1e-9);
        assert!((measure.p99_us - 1_010.0).abs() < 1e-9);
    }

    #[test]
    fn a_run_with_a_wrong_status_or_a_timeout_is_refused() {
        // A 200 path with some 4xx.
        assert!(parse_wrk(&wrk_output(Some(3), 0, None), true).is_err());
        // A 401 path whose every answer is non-2xx: right class; but the script counted
        // some of another status (429s).
        assert!(parse_wrk(&wrk_output(Some(993_070), 0, None), false).is_ok());
        assert!(parse_wrk(&wrk_output(Some(993_070), 12, None), false).is_err());
        // A 401 path with some 2xx.
        assert!(parse_wrk(&wrk_output(Some(993_000), 0, None), false).is_err());
        // A request that timed out is missing from the percentiles.
        let timeouts = "connect 0, read 0, write 0, timeout 2";
        assert!(parse_wrk(&wrk_output(None, 0, Some(timeouts)), true).is_err());
        let none = "connect 0, read 3, write 0, timeout 0";
        assert!(parse_wrk(&wrk_output(None, 0, Some(none)), true).is_ok());
        // No requests at all.
        assert!(parse_wrk("Requests/sec: 0\n", true).is_err());
    }

    #[test]
    fn latencies_keep_their_units() {
        assert!((micros("641.00us").unwrap() - 641.0).abs() < 1e-9);
        assert!((micros("1.50ms").unwrap() - 1_500.0).abs() < 1e-9);
        assert!((micros("2.00s").unwrap() - 2_000_000.0).abs() < 1e-9);
        assert!(micros("12").is_err());
    }

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert!((median(&mut [3.0, 1.0, 2.0]) - 2.0).abs() < 1e-12);
        assert!((median(&mut [4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < 1e-12);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn the_next_cursor_is_read_only_when_there_are_results() {
        let link = "<https://h/api/0/x/?cursor=AA>; rel=\"previous\"; results=\"false\"; cursor=\"AA\", \
                    <https://h/api/0/x/?cursor=BB>; rel=\"next\"; results=\"true\"; cursor=\"BB\"";
        assert_eq!(next_cursor(link).as_deref(), Some("BB"));
        let last = link.replace("results=\"true\"", "results=\"false\"");
        assert_eq!(next_cursor(&last), None);
    }

    #[test]
    fn the_slope_is_per_sample() {
        let rising: Vec<f64> = (0..60)
            .map(|second| 40.0 + 0.5 * f64::from(second))
            .collect();
        assert!((slope(&rising) - 0.5).abs() < 1e-9);
        assert!(slope(&[42.0; 30]).abs() < 1e-12);
        assert!(slope(&[1.0]).abs() < 1e-12);
    }

    #[test]
    fn the_rotation_sends_every_probe_and_expects_only_their_statuses() {
        let probes = probes(Store::Sqlite);
        let lua = rotation_script(&probes, 65_536);
        for probe in &probes {
            assert!(lua.contains(&format!("\"{}\", \"{}\"", probe.method, probe.target)));
            assert!(lua.contains(&format!("[{}] = true", probe.status)));
        }
        assert!(!lua.contains("[429] = true") && !lua.contains("[500] = true"));
        assert!(lua.contains("X-Forwarded-For"));
        assert!(lua.contains("local addresses = 65536"));
    }
}
