//! `-o html=FILE`: one self-contained page (no script, no font, nothing fetched): the
//! summary table, latency over time and the latency histogram drawn as inline SVG.

use std::fmt::Write as _;

use super::report::Summary;
use super::stats::PERCENTILES;
use super::timeline::Point;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;

/// The page for a run of `title` (the method).
pub fn page(title: &str, summary: &Summary, points: &[Point]) -> String {
    let mut out = String::new();
    let title = escape(title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rgrpc bench: {title}</title>\n\
         <style>body{{font:14px system-ui,sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;margin:1em 0}}\
         td,th{{border:1px solid #ccc;padding:3px 10px;text-align:right}}th{{background:#f4f4f4}}\
         svg{{background:#fafafa;border:1px solid #ddd}}.p50{{stroke:#2a6fdb;fill:none;stroke-width:2}}\
         .p99{{stroke:#d9480f;fill:none;stroke-width:2}}.bar{{fill:#2a6fdb}}text{{font-size:11px;fill:#555}}</style>\n\
         </head>\n<body>\n<h1>rgrpc bench: {title}</h1>\n"
    );
    out.push_str("<table>\n");
    let row = |out: &mut String, name: &str, value: String| {
        let _ = writeln!(out, "<tr><th>{name}</th><td>{}</td></tr>", escape(&value));
    };
    row(&mut out, "calls", summary.count.to_string());
    row(&mut out, "ok", summary.ok.to_string());
    row(&mut out, "errors", summary.errors.to_string());
    row(
        &mut out,
        "duration",
        format!("{:.2} s", summary.duration.as_secs_f64()),
    );
    row(&mut out, "requests/s", format!("{:.1}", summary.rps));
    if let Some(f) = &summary.latency {
        row(&mut out, "fastest", format!("{:.3} ms", f.min));
        row(&mut out, "average", format!("{:.3} ms", f.mean));
        for ((_, _, label), value) in PERCENTILES.iter().zip(&f.percentiles) {
            row(&mut out, label, format!("{value:.3} ms"));
        }
        row(&mut out, "slowest", format!("{:.3} ms", f.max));
    }
    for (code, n) in &summary.status {
        row(&mut out, code, n.to_string());
    }
    out.push_str("</table>\n");
    out.push_str("<h2>Latency over time (p50 blue, p99 orange)</h2>\n");
    out.push_str(&over_time(points));
    out.push_str("<h2>Latency histogram</h2>\n");
    out.push_str(&histogram_svg(summary));
    out.push_str("</body>\n</html>\n");
    out
}

fn over_time(points: &[Point]) -> String {
    let mut svg = format!("<svg width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\">\n");
    if points.is_empty() {
        svg.push_str("<text x=\"10\" y=\"20\">no successful calls</text>\n</svg>\n");
        return svg;
    }
    let last = points.iter().map(|p| p.second).max().unwrap_or(0).max(1) as f64;
    let top = points
        .iter()
        .map(|p| p.p99_ms)
        .fold(0.0, f64::max)
        .max(1e-3);
    let x = |second: u64| 40.0 + (WIDTH - 50.0) * second as f64 / last;
    let y = |ms: f64| HEIGHT - 20.0 - (HEIGHT - 30.0) * ms / top;
    for (class, value) in [("p50", 0), ("p99", 1)] {
        let line: Vec<String> = points
            .iter()
            .map(|p| {
                let ms = if value == 0 { p.p50_ms } else { p.p99_ms };
                format!("{:.1},{:.1}", x(p.second), y(ms))
            })
            .collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"{class}\" points=\"{}\"/>",
            line.join(" ")
        );
    }
    let _ = writeln!(svg, "<text x=\"2\" y=\"12\">{top:.2} ms</text>");
    let _ = writeln!(svg, "<text x=\"2\" y=\"{}\">0</text>", HEIGHT - 20.0);
    let _ = writeln!(
        svg,
        "<text x=\"{}\" y=\"{}\">{last:.0} s</text>",
        WIDTH - 40.0,
        HEIGHT - 5.0
    );
    svg.push_str("</svg>\n");
    svg
}

fn histogram_svg(summary: &Summary) -> String {
    let rows = summary.histogram_rows();
    let mut svg = format!("<svg width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\">\n");
    let peak = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let width = (WIDTH - 50.0) / rows.len().max(1) as f64;
    for (i, (from_ms, count)) in rows.iter().enumerate() {
        let height = (HEIGHT - 40.0) * *count as f64 / peak;
        let x = 40.0 + width * i as f64;
        let _ = writeln!(
            svg,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{height:.1}\"><title>{from_ms:.3} ms: {count}</title></rect>",
            HEIGHT - 20.0 - height,
            width - 2.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{}\">{from_ms:.2}</text>",
            HEIGHT - 5.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
