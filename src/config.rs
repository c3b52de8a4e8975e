//! Client options, as parsed, turned into the library's [`ClientConfig`]: the one place
//! where a client flag becomes a setting, and where contradictions between flags given at
//! different places on the command line are caught.

use crate::cli::{ClientArgs, Compression};
use crate::client::connect::ConnectOptions;
use crate::client::metadata::Header;
use crate::client::tls::TlsOptions;
use crate::client::{ClientConfig, SchemaConfig, address::Target};
use crate::error::{Error, Reason};

/// Turns the client options into a [`ClientConfig`].
pub fn client_config(args: &ClientArgs) -> Result<ClientConfig, Error> {
    let tls_flags = args.insecure || args.cacert.is_some() || args.cert.is_some();
    if args.plaintext && tls_flags {
        return Err(Error::Usage(
            "--plaintext cannot go with --insecure, --cacert, --cert or --key".to_owned(),
        ));
    }
    if args.cert.is_some() != args.key.is_some() {
        return Err(Error::Usage(
            "--cert and --key go together; pass both".to_owned(),
        ));
    }
    if args.plaintext && args.addr.starts_with("https://") {
        return Err(Error::Usage(
            "https:// and --plaintext contradict each other".to_owned(),
        ));
    }
    if !args.protos.is_empty() && !args.protosets.is_empty() {
        return Err(Error::Usage(
            "--proto and --protoset are two sources of the schema; pass one of them".to_owned(),
        ));
    }
    let target = Target::parse(&args.addr, args.plaintext)
        .map_err(|e| Error::Input(Reason::new(e.to_string())))?;
    if !target.is_tls() && tls_flags {
        return Err(Error::Usage(format!(
            "{target} is reached in plaintext, so --insecure, --cacert, --cert and --key do not apply; use https://{target}"
        )));
    }
    let headers = |list: &[String]| -> Result<Vec<Header>, Error> {
        list.iter()
            .map(|h| Header::parse(h, args.expand_headers).map_err(Error::from))
            .collect()
    };
    let mut config = ClientConfig::new(target);
    config.connect = ConnectOptions {
        connect_timeout: args.connect_timeout,
        authority: args.authority.clone(),
        tls: TlsOptions {
            cacert: args.cacert.clone(),
            cert: args.cert.clone(),
            key: args.key.clone(),
            insecure: args.insecure,
        },
        protocol: args.protocol.into(),
        http2: args.http2,
    };
    config.headers = headers(&args.headers)?;
    config.rpc_headers = headers(&args.rpc_headers)?;
    config.reflect_headers = headers(&args.reflect_headers)?;
    config.schema = if !args.protos.is_empty() {
        SchemaConfig::ProtoFiles {
            files: args.protos.clone(),
            import_paths: args.import_paths.clone(),
        }
    } else if !args.protosets.is_empty() {
        SchemaConfig::Protosets(args.protosets.clone())
    } else {
        SchemaConfig::Reflection
    };
    config.call_timeout = args.max_time;
    config.max_response_size = args.max_msg_size;
    config.gzip = args.compress == Some(Compression::Gzip);
    config.reflect_protocol = args.reflect_protocol.map(Into::into);
    Ok(config)
}

/// What the user should know before anything is sent: an unverified certificate, and
/// credentials that would cross the network in plaintext.
pub fn warnings(config: &ClientConfig) -> Vec<String> {
    let mut warnings = Vec::new();
    if config.connect.tls.insecure {
        warnings.push(format!(
            "--insecure: the certificate of {} is not verified, so anyone in between can read and change this traffic",
            config.target
        ));
    }
    for name in config.plaintext_credentials() {
        warnings.push(format!(
            "sending the {name} header unencrypted to {}; use https:// to protect it",
            config.target
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::try_parse_from;

    fn config(args: &[&str]) -> Result<ClientConfig, Error> {
        let cli =
            try_parse_from(["rgrpc"].iter().chain(args).chain(&["list"])).expect("arguments parse");
        client_config(&cli.client)
    }

    #[test]
    fn contradictions_across_levels_are_usage_errors() {
        for args in [
            ["--plaintext", "--insecure"].as_slice(),
            &["--cert", "c.pem"],
            &["--proto", "a.proto", "--protoset", "a.pb"],
            &["--addr", "https://h:1", "--plaintext"],
            &["--addr", "127.0.0.1:1", "--cacert", "ca.pem"],
        ] {
            assert!(
                matches!(config(args), Err(Error::Usage(_))),
                "{args:?} should be refused"
            );
        }
    }

    #[test]
    fn every_client_flag_reaches_the_config() {
        let config = config(&[
            "--addr",
            "api.example.com:443",
            "-H",
            "a: 1",
            "--rpc-header",
            "b: 2",
            "--reflect-header",
            "c: 3",
            "--connect-timeout",
            "2.5",
            "--max-time",
            "3",
            "--max-msg-size",
            "10",
            "--compress",
            "gzip",
            "--authority",
            "x",
        ])
        .expect("valid");
        assert!(config.target.is_tls());
        assert_eq!(
            config.headers.len() + config.rpc_headers.len() + config.reflect_headers.len(),
            3
        );
        assert_eq!(config.connect.connect_timeout.as_secs_f64(), 2.5);
        assert_eq!(config.call_timeout.map(|d| d.as_secs()), Some(3));
        assert_eq!(config.max_response_size, 10);
        assert!(config.gzip);
        assert_eq!(config.connect.authority.as_deref(), Some("x"));
    }
}
