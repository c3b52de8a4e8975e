//! The target grammar: `host:port`, `http://`, `https://` and `unix:` addresses.
//!
//! A bare `host:port` means plaintext for loopback hosts and TLS for any other host, so
//! that a local demo needs no flags and nothing goes to a remote host unencrypted unless
//! asked for.

use std::fmt;
use std::net::IpAddr;

/// Where the client connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// TCP to `host:port`, plaintext or TLS.
    Tcp { host: String, port: u16, tls: bool },
    /// A unix domain socket at a path.
    Unix { path: String },
}

/// Why a target string is not understood.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid address {addr:?}: {reason}")]
pub struct TargetError {
    pub addr: String,
    pub reason: String,
}

impl Target {
    /// Parses `ADDR`; `force_plaintext` turns a bare `host:port` to plaintext, and is an
    /// error together with `https://`.
    pub fn parse(addr: &str, force_plaintext: bool) -> Result<Target, TargetError> {
        let error = |reason: &str| TargetError {
            addr: addr.to_owned(),
            reason: reason.to_owned(),
        };
        if let Some(path) = addr.strip_prefix("unix:") {
            // unix:/abs, unix:///abs and unix:relative, as grpc-go reads them.
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(error("expected unix:/path/to/socket"));
            }
            return Ok(Target::Unix {
                path: path.to_owned(),
            });
        }
        let (scheme_tls, rest) = if let Some(rest) = addr.strip_prefix("https://") {
            (Some(true), rest)
        } else if let Some(rest) = addr.strip_prefix("http://") {
            (Some(false), rest)
        } else if addr.contains("://") {
            return Err(error("the scheme must be http://, https:// or unix:"));
        } else {
            (None, addr)
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = split_host_port(rest)
            .ok_or_else(|| error("expected host:port, such as localhost:50051 or [::1]:50051"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| error("the port must be a number from 1 to 65535"))?;
        let tls = match scheme_tls {
            Some(true) if force_plaintext => {
                return Err(error("https:// asks for TLS, but plaintext was asked for"));
            }
            Some(tls) => tls,
            None => !force_plaintext && !is_loopback(host),
        };
        Ok(Target::Tcp {
            host: host.to_owned(),
            port,
            tls,
        })
    }

    /// Whether the connection is encrypted.
    pub fn is_tls(&self) -> bool {
        matches!(self, Target::Tcp { tls: true, .. })
    }

    /// Whether the peer is on this machine (loopback or a unix socket).
    pub fn is_local(&self) -> bool {
        match self {
            Target::Tcp { host, .. } => is_loopback(host),
            Target::Unix { .. } => true,
        }
    }

    /// The URI tonic connects to.
    pub(crate) fn uri(&self) -> String {
        match self {
            Target::Tcp { host, port, tls } => {
                let scheme = if *tls { "https" } else { "http" };
                if host.contains(':') {
                    format!("{scheme}://[{host}]:{port}")
                } else {
                    format!("{scheme}://{host}:{port}")
                }
            }
            Target::Unix { path } => format!("unix:{path}"),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Tcp { host, port, .. } if host.contains(':') => write!(f, "[{host}]:{port}"),
            Target::Tcp { host, port, .. } => write!(f, "{host}:{port}"),
            Target::Unix { path } => write!(f, "unix:{path}"),
        }
    }
}

/// `host:port` or `[v6]:port`, without brackets in the host.
fn split_host_port(text: &str) -> Option<(&str, &str)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':')?;
        return Some((host, port));
    }
    let (host, port) = text.rsplit_once(':')?;
    if host.is_empty() || host.contains(':') {
        return None;
    }
    Some((host, port))
}

pub(crate) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16, tls: bool) -> Target {
        Target::Tcp {
            host: host.into(),
            port,
            tls,
        }
    }

    #[test]
    fn loopback_hosts_are_plaintext_and_others_tls() {
        assert_eq!(
            Target::parse("localhost:50051", false),
            Ok(tcp("localhost", 50051, false))
        );
        assert_eq!(
            Target::parse("127.0.0.9:1", false),
            Ok(tcp("127.0.0.9", 1, false))
        );
        assert_eq!(Target::parse("[::1]:7", false), Ok(tcp("::1", 7, false)));
        assert_eq!(
            Target::parse("api.example.com:443", false),
            Ok(tcp("api.example.com", 443, true))
        );
        assert_eq!(
            Target::parse("10.0.0.1:443", false),
            Ok(tcp("10.0.0.1", 443, true))
        );
    }

    #[test]
    fn schemes_and_plaintext_flag_decide_explicitly() {
        assert_eq!(
            Target::parse("http://example.com:80", false),
            Ok(tcp("example.com", 80, false))
        );
        assert_eq!(
            Target::parse("https://localhost:8443/", false),
            Ok(tcp("localhost", 8443, true))
        );
        assert_eq!(
            Target::parse("example.com:80", true),
            Ok(tcp("example.com", 80, false))
        );
        assert!(Target::parse("https://example.com:443", true).is_err());
        assert!(Target::parse("ftp://example.com:21", false).is_err());
    }

    #[test]
    fn unix_sockets_in_every_spelling() {
        for addr in ["unix:/tmp/s.sock", "unix:///tmp/s.sock"] {
            assert_eq!(
                Target::parse(addr, false),
                Ok(Target::Unix {
                    path: "/tmp/s.sock".into()
                }),
                "{addr}"
            );
        }
        assert!(Target::parse("unix:", false).is_err());
    }

    #[test]
    fn malformed_addresses_say_what_is_expected() {
        for addr in ["localhost", ":50051", "host:port", "host:70000", "[::1]"] {
            let error = Target::parse(addr, false).expect_err(addr);
            assert!(!error.reason.is_empty(), "{addr}");
        }
    }

    #[test]
    fn display_brackets_v6_hosts() {
        assert_eq!(tcp("::1", 5, false).to_string(), "[::1]:5");
        assert_eq!(tcp("::1", 5, false).uri(), "http://[::1]:5");
    }
}
