//! `rgrpc completions SHELL` and the hidden `rgrpc __complete-methods -- WORDS...` that
//! the scripts call to complete `call`'s METHOD with the target server's methods.

use std::process::ExitCode;
use std::time::Duration;

use clap_complete::Shell;

use crate::client::Client;
use crate::config::client_config;
use crate::error::Error;
use crate::output::write_stdout;

/// How long completion may wait for a server, in all.
const COMPLETION_TIME_LIMIT: Duration = Duration::from_secs(2);

pub fn script(shell: Shell) -> Result<ExitCode, Error> {
    write_stdout(&crate::completions::script(shell))?;
    Ok(ExitCode::SUCCESS)
}

pub async fn methods(words: &[String]) -> Result<ExitCode, Error> {
    let mut out = String::new();
    for method in methods_for(words).await {
        out.push_str(&method);
        out.push('\n');
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The methods of the server the words of a `call` command line target, fully
/// qualified and, where the service's short name is unique, as `Service/Method`. Any
/// failure gives an empty list: completion must never print errors into a shell, and
/// gives up after two seconds so a dead server never hangs it.
async fn methods_for(words: &[String]) -> Vec<String> {
    // The words stop before METHOD; a stand-in makes the line complete enough to parse.
    let line = std::iter::once("rgrpc".to_owned())
        .chain(words.iter().cloned())
        .chain(std::iter::once("x/y".to_owned()));
    let Ok(cli) = crate::cli::try_parse_from(line) else {
        return Vec::new();
    };
    if !matches!(cli.command, crate::cli::Command::Call(_)) {
        return Vec::new();
    }
    let Ok(mut config) = client_config(&cli.client) else {
        return Vec::new();
    };
    config.connect.connect_timeout = COMPLETION_TIME_LIMIT / 2;
    let load = async {
        let mut client = Client::connect(&config).await.ok()?;
        client.load_all().await.ok()
    };
    match tokio::time::timeout(COMPLETION_TIME_LIMIT, load).await {
        Ok(Some(schema)) => schema.method_names(None),
        _ => Vec::new(),
    }
}
