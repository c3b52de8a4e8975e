//! What each subcommand does with its parsed arguments: the wiring between `cli` and the
//! library modules. One function per subcommand.

use std::process::ExitCode;

use std::io::IsTerminal;

use anyhow::{Context as _, Result};
use tracing_subscriber::EnvFilter;

use crate::cli::Compression;
use crate::cli::{
    ADDR_ENV, CallArgs, Cli, ClientArgs, Command, DEFAULT_TARGET, DescribeArgs, FormatArgs,
    ListArgs, OutputFormat, ReplArgs, ServeArgs,
};
use crate::client::invoke::CallError;
use crate::client::json::{FormatOptions, ParseOptions, RequestInput};
use crate::client::metadata::Header;
use crate::client::schema::{self, Symbol};
use crate::client::status::StatusReport;
use crate::client::target::{ConnectOptions, Target};
use crate::client::tls::TlsOptions;
use crate::client::{self, Client, ClientConfig, SchemaConfig, describe};
use crate::exit::{Interrupted, Usage};
use crate::output::{self, Printer, StatusFailure, Stream};
use crate::repl::ReplOptions;
use crate::server::auth::AuthPolicy;
use crate::server::{self, Limits, ServeConfig, ServerTls};
use crate::{completions, demo};

/// Whether a command needs the multi-threaded runtime (it serves) or a single thread is
/// enough (a client, which then starts faster).
pub fn needs_worker_threads(command: &Command) -> bool {
    matches!(command, Command::Serve(_) | Command::Demo(_))
}

/// Runs the parsed command line to completion.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let client_args = cli.client_args();
    let verbose = client_args.as_ref().is_some_and(|a| a.target.verbose);
    let colors = Colors {
        stdout: output::use_color(cli.color, Stream::Stdout),
        stderr: output::use_color(cli.color, Stream::Stderr),
    };
    match cli.command {
        Command::Serve(args) => serve(args, colors).await,
        Command::List(args) => with_limits(client_args, colors, |config| list(config, args)).await,
        Command::Describe(args) => {
            with_limits(client_args, colors, |config| describe_command(config, args)).await
        }
        Command::Call(args) => {
            with_limits(client_args, colors, |config| {
                call(config, args, verbose, colors)
            })
            .await
        }
        Command::Repl(args) => repl(client_args, args, colors).await,
        Command::Demo(_) => demo(client_args, colors).await,
        Command::Completions(args) => {
            output::write_stdout(&completions::script(args.shell));
            Ok(ExitCode::SUCCESS)
        }
        Command::CompleteMethods(args) => {
            for method in completions::methods_for(&args.words).await {
                output::write_stdout(&format!("{method}\n"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Whether each stream is coloured.
#[derive(Debug, Clone, Copy)]
struct Colors {
    stdout: bool,
    stderr: bool,
}

/// Builds the client config and warns about credentials that would travel unencrypted.
fn checked_config(args: &ClientArgs, colors: Colors) -> Result<ClientConfig> {
    let config = client_config(args)?;
    if config.connect.tls.insecure {
        let text = format!(
            "--insecure: the certificate of {} is not verified, so anyone in between can read and change this traffic",
            config.target
        );
        eprint!("{}", output::warning_text(&text, colors.stderr));
    }
    for name in config.plaintext_credentials() {
        let text = format!(
            "sending the {name} header unencrypted to {}; use https:// to protect it",
            config.target
        );
        eprint!("{}", output::warning_text(&text, colors.stderr));
    }
    Ok(config)
}

/// Builds the client config, then runs `command` within `--max-time` and until Ctrl-C.
async fn with_limits<F, Fut>(
    args: Option<ClientArgs>,
    colors: Colors,
    command: F,
) -> Result<ExitCode>
where
    F: FnOnce(ClientConfig) -> Fut,
    Fut: std::future::Future<Output = Result<ExitCode>>,
{
    let args = args.unwrap_or_default();
    let max_time = args.target.max_time;
    let config = checked_config(&args, colors)?;
    let work = command(config);
    let limited = async {
        match max_time {
            Some(limit) => match tokio::time::timeout(limit, work).await {
                Ok(result) => result,
                Err(_) => Err(StatusFailure {
                    report: StatusReport {
                        code: tonic::Code::DeadlineExceeded,
                        message: format!("not finished within --max-time {}s", limit.as_secs_f64()),
                        details: Vec::new(),
                    },
                    as_json: false,
                }
                .into()),
            },
            None => work.await,
        }
    };
    tokio::select! {
        result = limited => result,
        () = interrupted() => Err(Interrupted.into()),
    }
}

async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Turns the client options into a [`ClientConfig`].
pub fn client_config(args: &ClientArgs) -> Result<ClientConfig> {
    let t = &args.target;
    let addr = match &t.addr {
        Some(addr) => addr.clone(),
        None => std::env::var(ADDR_ENV).unwrap_or_else(|_| DEFAULT_TARGET.to_owned()),
    };
    if t.plaintext && (t.insecure || t.cacert.is_some() || t.cert.is_some()) {
        return Err(Usage(
            "--plaintext cannot go with --insecure, --cacert, --cert or --key".to_owned(),
        )
        .into());
    }
    let target = Target::parse(&addr, t.plaintext)?;
    if !target.is_tls() && (t.insecure || t.cacert.is_some() || t.cert.is_some()) {
        return Err(Usage(format!(
            "{target} is reached in plaintext, so --insecure, --cacert, --cert and --key do not apply; use https://{target}"
        ))
        .into());
    }
    let parse_all = |list: &[String]| -> Result<Vec<Header>> {
        list.iter()
            .map(|h| Header::parse(h, t.expand_headers).map_err(anyhow::Error::from))
            .collect()
    };
    let s = &args.schema;
    let schema = if !s.protos.is_empty() {
        SchemaConfig::ProtoFiles {
            files: s.protos.clone(),
            import_paths: s.import_paths.clone(),
        }
    } else if !s.protosets.is_empty() {
        SchemaConfig::Protosets(s.protosets.clone())
    } else {
        SchemaConfig::Reflection
    };
    let mut config = ClientConfig::new(target);
    config.connect = ConnectOptions {
        connect_timeout: t
            .connect_timeout
            .unwrap_or(ConnectOptions::default().connect_timeout),
        authority: t.authority.clone(),
        tls: TlsOptions {
            cacert: t.cacert.clone(),
            cert: t.cert.clone(),
            key: t.key.clone(),
            insecure: t.insecure,
        },
    };
    if let Some(limit) = t.max_msg_size {
        config.max_response_size = limit;
    }
    config.gzip = t.compress == Some(Compression::Gzip);
    config.headers = parse_all(&t.headers)?;
    config.rpc_headers = parse_all(&t.rpc_headers)?;
    config.reflect_headers = parse_all(&t.reflect_headers)?;
    config.schema = schema;
    config.call_timeout = t.max_time;
    Ok(config)
}

/// The REPL runs until the user leaves: no --max-time around it (each call still gets
/// the deadline) and Ctrl-C belongs to the shell, not to the process.
async fn repl(args: Option<ClientArgs>, repl_args: ReplArgs, colors: Colors) -> Result<ExitCode> {
    let config = checked_config(&args.unwrap_or_default(), colors)?;
    let client = Client::connect(&config).await?;
    let options = ReplOptions {
        format: format_options(&repl_args.format, colors.stdout),
        parse: ParseOptions {
            allow_unknown_fields: repl_args.format.allow_unknown_fields,
        },
        color_errors: colors.stderr,
    };
    crate::repl::run(client, options).await
}

/// The tour: against `--addr` when given, else against a server started in-process.
async fn demo(args: Option<ClientArgs>, colors: Colors) -> Result<ExitCode> {
    let args = args.unwrap_or_default();
    let format = FormatOptions {
        color: colors.stdout,
        ..FormatOptions::default()
    };
    match args.target.addr.clone() {
        Some(addr) => {
            let config = checked_config(&args, colors)?;
            demo::run(Some(config), Some(addr), format).await
        }
        None => demo::run(None, None, format).await,
    }
}

fn format_options(format: &FormatArgs, color: bool) -> FormatOptions {
    FormatOptions {
        compact: format.output == OutputFormat::Ndjson,
        proto_names: format.proto_names,
        emit_defaults: format.emit_defaults,
        color,
    }
}

async fn list(config: ClientConfig, args: ListArgs) -> Result<ExitCode> {
    let mut client = Client::connect(&config).await?;
    let mut out = String::new();
    match &args.service {
        None => {
            for service in client.list_services().await? {
                out.push_str(&service);
                out.push('\n');
            }
        }
        Some(name) => {
            let services = client.list_services().await?;
            let service = match schema::match_suffix(name, &services) {
                schema::Match::One(service) => service,
                schema::Match::Many(candidates) => {
                    return Err(schema::SchemaError::Ambiguous {
                        what: "service",
                        name: name.clone(),
                        candidates,
                    }
                    .into());
                }
                schema::Match::None => {
                    return Err(schema::SchemaError::NotFound {
                        what: "service",
                        name: name.clone(),
                        suggestions: schema::closest(name, &services),
                    }
                    .into());
                }
            };
            let pool = client.load_all().await?;
            let descriptor = pool
                .get_service_by_name(&service)
                .ok_or_else(|| anyhow::anyhow!("the schema does not describe {service}"))?;
            for method in descriptor.methods() {
                out.push_str(method.full_name());
                out.push('\n');
            }
        }
    }
    output::write_stdout(&out);
    Ok(ExitCode::SUCCESS)
}

async fn describe_command(config: ClientConfig, args: DescribeArgs) -> Result<ExitCode> {
    let mut client = Client::connect(&config).await?;
    let pool = client.load_all().await?;
    let symbols: Vec<Symbol> = match &args.symbol {
        Some(name) => vec![schema::find_symbol(&pool, name)?],
        None => {
            let mut services: Vec<_> = pool.services().collect();
            services.sort_by(|a, b| a.full_name().cmp(b.full_name()));
            services.into_iter().map(Symbol::Service).collect()
        }
    };
    let mut out = String::new();
    for (i, symbol) in symbols.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&describe::describe(symbol));
        if args.msg_template {
            let message = match symbol {
                Symbol::Message(m) => Some(m.clone()),
                Symbol::Method(m) => Some(m.input()),
                _ => None,
            };
            if let Some(message) = message {
                out.push_str(&format!(
                    "\nMessage template:\n{}\n",
                    serde_json::to_string_pretty(&client::json::template(&message))?
                ));
            }
        }
    }
    output::write_stdout(&out);
    Ok(ExitCode::SUCCESS)
}

async fn call(
    config: ClientConfig,
    args: CallArgs,
    verbose: bool,
    colors: Colors,
) -> Result<ExitCode> {
    let mut client = Client::connect(&config).await?;
    let method = client.resolve_method(&args.method).await?;
    let input = match args.data() {
        Some(data) => RequestInput::from_arg(data),
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
    let requests = client::spawn_request_reader(
        input,
        method.input(),
        ParseOptions {
            allow_unknown_fields: args.format.allow_unknown_fields,
        },
    );
    let mut printer = Printer {
        format: format_options(&args.format, colors.stdout),
        verbose,
    };
    if verbose && let Some(session) = client.tls_session() {
        eprintln!("\nTLS: {session}");
    }
    printer.print_request(&method, &client.call_options().metadata);
    match client.call(&method, requests, None, &mut printer).await {
        Ok(counts) => {
            printer.print_counts(counts);
            Ok(ExitCode::SUCCESS)
        }
        Err(CallError::Status { status, counts }) => {
            printer.print_counts(counts);
            if let Some(explained) = client.diagnose(&status).await {
                return Err(explained.into());
            }
            Err(StatusFailure::of_call(&status, &method, args.format.format_error).into())
        }
        Err(other) => Err(other.into()),
    }
}

async fn serve(args: ServeArgs, colors: Colors) -> Result<ExitCode> {
    init_server_logging(args.quiet, colors.stderr);
    let config = serve_config(&args)?;
    if config.auth.token.is_some()
        && config.tls.is_none()
        && args.unix.is_none()
        && !is_loopback_listen(&args.addr)
    {
        let text = format!(
            "--token without TLS on {}: the token crosses the network in plaintext; add --tls-cert and --tls-key",
            args.addr
        );
        eprint!("{}", output::warning_text(&text, colors.stderr));
    }
    if let Some(path) = &args.unix {
        #[cfg(unix)]
        {
            let listener = server::bind_unix(path).await?;
            announce(&format!("unix:{}", path.display()));
            server::serve_unix(listener, config, shutdown_signal()).await?;
            // Leave no socket file behind for the next start to wonder about.
            let _ = std::fs::remove_file(path);
            return Ok(ExitCode::SUCCESS);
        }
        #[cfg(not(unix))]
        anyhow::bail!("unix sockets are not available on this system");
    }
    let listener = server::bind(&args.addr).await?;
    announce(&listener.local_addr()?.to_string());
    server::serve(listener, config, shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// `listening on ADDR` on stdout, flushed, so scripts and tests can read the address.
fn announce(addr: &str) {
    output::write_stdout(&format!("listening on {addr}\n"));
}

/// Whether `serve --addr` is on this machine only, by the client's own rule.
fn is_loopback_listen(addr: &str) -> bool {
    Target::parse(addr, true).is_ok_and(|target| target.is_local())
}

/// Reads the files `serve`'s flags name and builds its configuration.
fn serve_config(args: &ServeArgs) -> Result<ServeConfig> {
    let read = |path: &std::path::Path| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(ServerTls {
            cert_pem: read(cert)?,
            key_pem: read(key)?,
            client_ca_pem: args.client_ca.as_deref().map(read).transpose()?,
        }),
        _ => None,
    };
    let token = match (&args.token, &args.token_file) {
        (Some(token), _) => Some(token.clone()),
        (None, Some(file)) => Some(String::from_utf8_lossy(&read(file)?).trim().to_owned()),
        (None, None) => None,
    };
    if token.as_deref() == Some("") {
        return Err(Usage("the token is empty".to_owned()).into());
    }
    Ok(ServeConfig {
        max_message_size: args.max_msg_size,
        grace_period: args.grace_period,
        tls,
        auth: AuthPolicy {
            token: token.map(Into::into),
            public_reflection: args.public_reflection,
        },
        limits: Limits {
            max_concurrent_streams: args.max_concurrent_streams,
            keepalive_interval: args.keepalive,
            keepalive_timeout: args.keepalive_timeout,
            idle_timeout: args.idle_timeout,
        },
    })
}

/// One line per received message on stderr, as the tutorial's `Received: world`.
/// `RUST_LOG` wins when set; otherwise `--quiet` keeps only warnings.
fn init_server_logging(quiet: bool, color: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(if quiet { "warn" } else { "info" }));
    // A subscriber may already be set (the demo runs a server in-process); keep it.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .try_init();
}

/// Resolves on Ctrl-C or, on unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: never resolve rather than stop at once.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                () = ctrl_c => {}
                _ = terminate.recv() => {}
            },
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
