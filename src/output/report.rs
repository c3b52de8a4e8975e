//! Errors, warnings and RPC statuses as text for stderr: `rgrpc: error: ...`, and a
//! status as grpcurl prints it.

use super::{BOLD, RED_BOLD, YELLOW_BOLD, paint};
use crate::client::status::{StatusReport, code_name};
use crate::error::Error;

/// `rgrpc: warning: TEXT`, for stderr.
pub fn warning_text(text: &str, color: bool) -> String {
    format!("rgrpc: {} {text}\n", paint("warning:", YELLOW_BOLD, color))
}

/// A status as grpcurl prints it: `ERROR:`, `  Code: NotFound`, `  Message: ...`, then
/// `  Details:` with each detail as indented JSON. With `as_json`, the status as JSON.
pub fn status_text(report: &StatusReport, as_json: bool, color: bool) -> String {
    if as_json {
        return serde_json::to_string_pretty(&report.to_json()).unwrap_or_default() + "\n";
    }
    let mut out = format!(
        "{}\n  {} {}\n  {} {}\n",
        paint("ERROR:", RED_BOLD, color),
        paint("Code:", BOLD, color),
        code_name(report.code),
        paint("Message:", BOLD, color),
        report.message
    );
    if !report.details.is_empty() {
        out.push_str(&format!("  {}\n", paint("Details:", BOLD, color)));
        for (i, detail) in report.details.iter().enumerate() {
            let json = serde_json::to_string_pretty(detail).unwrap_or_default();
            let mut lines = json.lines();
            if let Some(first) = lines.next() {
                out.push_str(&format!("  {})\t{first}\n", i + 1));
            }
            for line in lines {
                out.push_str(&format!("    \t{line}\n"));
            }
        }
    }
    out
}

/// The text for an error that ended a command: `rgrpc: error: ...` with the hint, or a
/// status block under any context it was raised in. A closed stdout says nothing.
pub fn error_text(error: &Error, color: bool) -> String {
    let label = paint("error:", RED_BOLD, color);
    match error {
        Error::BrokenPipe => String::new(),
        Error::Status(failure) => status_text(&failure.report, failure.as_json, color),
        Error::Context { context, cause } if matches!(cause.root(), Error::Status(_)) => {
            format!("rgrpc: {label} {context}\n{}", error_text(cause, color))
        }
        other => format!("rgrpc: {label} {other}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Reason;

    fn report() -> StatusReport {
        StatusReport {
            code: tonic::Code::NotFound,
            message: "gone".into(),
            details: vec![serde_json::json!({"@type": "t", "a": 1})],
        }
    }

    #[test]
    fn statuses_print_as_grpcurl_does() {
        assert_eq!(
            status_text(&report(), false, false),
            "ERROR:\n  Code: NotFound\n  Message: gone\n  Details:\n  1)\t{\n    \t  \"@type\": \"t\",\n    \t  \"a\": 1\n    \t}\n"
        );
        assert!(status_text(&report(), true, false).contains("\"code\": 5"));
    }

    #[test]
    fn errors_carry_their_hint_and_context() {
        let error = Error::Schema(Reason {
            message: "no reflection".into(),
            hint: Some("pass --proto FILE".into()),
        });
        assert_eq!(
            error_text(&error, false),
            "rgrpc: error: no reflection; pass --proto FILE\n"
        );
        let status = Error::status(report(), false).context("step 2 failed");
        assert!(error_text(&status, false).starts_with("rgrpc: error: step 2 failed\nERROR:\n"));
        let plain = Error::failed("boom").context("step 1 failed");
        assert_eq!(
            error_text(&plain, false),
            "rgrpc: error: step 1 failed: boom\n"
        );
        assert_eq!(error_text(&Error::BrokenPipe, false), "");
    }
}
