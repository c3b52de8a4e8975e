//! `rgrpc call METHOD [DATA]`: one call of any kind, requests read as they come, responses
//! printed as they arrive.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::CallArgs;
use crate::client::invoke::CallError;
use crate::client::{Client, ClientConfig, request_channel};
use crate::error::Error;
use crate::json::RequestInput;
use crate::output::{Colors, Printer};

pub async fn run(
    config: ClientConfig,
    args: CallArgs,
    verbose: bool,
    colors: Colors,
) -> Result<ExitCode, Error> {
    let mut client = Client::connect(&config).await?;
    let method = client.resolve_method(&args.method).await?;
    let input = match args.data() {
        Some(data) => in_memory(RequestInput::from_arg(data)),
        None if method.is_client_streaming() => {
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "rgrpc: reading {} messages from stdin, one JSON object each; Ctrl-D ends the stream",
                    method.input().full_name()
                );
            }
            RequestInput::Stdin
        }
        None => RequestInput::Text(String::new()),
    };
    // Types that "@type"s name beyond the method's files are fetched before reading.
    let method = match &input {
        RequestInput::Text(text) => client.method_for_requests(&method, text).await,
        _ => method,
    };
    let requests = request_channel(input, method.input(), super::parse_options(&args.format));
    let mut printer = Printer::new(
        super::format_options(&args.format),
        colors.stdout,
        colors.stderr,
        verbose,
    );
    if verbose && let Some(session) = client.tls_session() {
        eprintln!("\nTLS: {session}");
    }
    if verbose && let Some(protocol) = client.protocol_description() {
        eprintln!("\nProtocol: {protocol}");
    }
    printer.print_request(&method, &client.call_options().metadata);
    match client.call(&method, requests, None, &mut printer).await {
        Ok(counts) => {
            printer.print_counts(counts);
            printer.finish()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let mut pool = method.parent_pool().clone();
            if let CallError::Status { status, counts } = &error {
                printer.print_counts(*counts);
                if let Some(explained) = client.diagnose(status).await {
                    return Err(explained.into());
                }
                pool = client.status_pool(&pool, status).await;
            }
            Err(Error::from_call(
                error,
                Some(&pool),
                args.format.format_error,
            ))
        }
    }
}

/// A request file that is a regular file is read whole: it is parsed at once, and the
/// types its `"@type"`s name can be fetched first. Anything else is read as it comes.
fn in_memory(input: RequestInput) -> RequestInput {
    match &input {
        RequestInput::File(path) if path.is_file() => match std::fs::read_to_string(path) {
            Ok(text) => RequestInput::Text(text),
            Err(_) => input,
        },
        _ => input,
    }
}
