//! `guidepost lint FILE`: guidepost's rules over an OpenAPI 3.0/3.1 document.
//!
//! Exit status: 0 when no rule fires, 1 when one does, 2 when the command or the
//! document cannot be used (the convention of rustc, clippy and eslint).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use guidepost_core::{Config, Profile};
use guidepost_lint::Format;

const USAGE: &str = "\
guidepost lint: guidepost's API rules over an OpenAPI 3.0/3.1 document (JSON or YAML)

Usage: guidepost lint [OPTIONS] FILE

Options:
  --format <text|json|sarif>     output format [default: text]; sarif is SARIF 2.1.0
  --profile <sentry|conventions> the guide's profile [default: the config's, else sentry]
  --config <PATH>                guidepost.toml [default: ./guidepost.toml when present]
  -h, --help                     print this help
  -V, --version                  print the version

Exit status: 0 no violations, 1 violations found, 2 unusable command or document.
";

struct Args {
    file: PathBuf,
    format: Format,
    profile: Option<Profile>,
    config: Option<PathBuf>,
}

enum Command {
    Lint(Args),
    Help,
    Version,
}

fn parse_args() -> Result<Command, String> {
    use lexopt::prelude::*;

    let mut parser = lexopt::Parser::from_env();
    let mut subcommand = None;
    let mut file = None;
    let mut format = Format::Text;
    let mut profile = None;
    let mut config = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("format") => {
                let word = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|e| format!("{e:?}"))?;
                format = Format::from_word(&word).ok_or_else(|| {
                    format!("unknown format `{word}`: use `text`, `json` or `sarif`")
                })?;
            }
            Long("profile") => {
                let word = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|e| format!("{e:?}"))?;
                profile = Some(Profile::from_word(&word).ok_or_else(|| {
                    format!("unknown profile `{word}`: use `sentry` or `conventions`")
                })?);
            }
            Long("config") => {
                config = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?));
            }
            Value(value) if subcommand.is_none() => {
                let word = value.string().map_err(|e| format!("{e:?}"))?;
                if word != "lint" {
                    return Err(format!(
                        "unknown command `{word}`: the command is `guidepost lint FILE`"
                    ));
                }
                subcommand = Some(word);
            }
            Value(value) if file.is_none() => file = Some(PathBuf::from(value)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if subcommand.is_none() {
        return Err("no command: the command is `guidepost lint FILE`".into());
    }
    let file = file.ok_or("no document: write `guidepost lint FILE`")?;
    Ok(Command::Lint(Args {
        file,
        format,
        profile,
        config,
    }))
}

/// The configuration: `--config`, else `./guidepost.toml` when present, else the
/// profile's defaults; `--profile` stands in for the file's profile, defaults included.
fn config(args: &Args) -> Result<Config, String> {
    let path = args.config.clone().or_else(|| {
        let default = PathBuf::from("guidepost.toml");
        default.is_file().then_some(default)
    });
    match path {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
            Config::parse_as(&text, &path, args.profile).map_err(|error| error.to_string())
        }
        None => Ok(Config::for_profile(args.profile.unwrap_or_default())),
    }
}

fn run(args: &Args) -> Result<bool, String> {
    let config = config(args)?;
    let text = std::fs::read_to_string(&args.file)
        .map_err(|error| format!("cannot read `{}`: {error}", args.file.display()))?;
    let found = guidepost_lint::lint(&text, &config)
        .map_err(|error| format!("`{}`: {error}", args.file.display()))?;
    let file = args.file.display().to_string();
    let output = guidepost_lint::render(&found, &file, args.format);
    emit(&output)?;
    Ok(found.is_clean())
}

/// Writes `text` to standard output. A reader that stops early (`| head`) is no error; a
/// full disk is.
fn emit(text: &str) -> Result<(), String> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the report: {error}"))
        }
        _ => Ok(()),
    }
}

fn exit(written: Result<(), String>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    match parse_args() {
        Ok(Command::Help) => exit(emit(USAGE)),
        Ok(Command::Version) => exit(emit(&format!("guidepost {}\n", env!("CARGO_PKG_VERSION")))),
        Ok(Command::Lint(args)) => match run(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
