//! How names typed by a person match full names: exactly, or as a suffix on a dot
//! boundary (`Greeter` matches `helloworld.Greeter`, `world.Greeter` matches nothing),
//! and which names are close enough to a typo to suggest.

/// The outcome of matching a typed name against full names.
#[derive(Debug, PartialEq, Eq)]
pub enum Match {
    None,
    One(String),
    Many(Vec<String>),
}

/// Matches `query` against `names` exactly, or as a suffix on a dot boundary.
pub fn match_suffix(query: &str, names: &[String]) -> Match {
    let query = query.trim_start_matches('.');
    if let Some(exact) = names.iter().find(|n| n.as_str() == query) {
        return Match::One(exact.clone());
    }
    let dotted = format!(".{query}");
    let mut found: Vec<String> = names
        .iter()
        .filter(|n| n.ends_with(&dotted))
        .cloned()
        .collect();
    match found.len() {
        0 => Match::None,
        1 => Match::One(found.remove(0)),
        _ => Match::Many(found),
    }
}

/// Up to three names closest to `query`, best first: those within a small edit distance
/// of the best match, compared on the full name and on its last part.
pub fn closest(query: &str, names: &[String]) -> Vec<String> {
    let query = query.to_ascii_lowercase();
    let short_query = query.rsplit(['.', '/']).next().unwrap_or(&query).to_owned();
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .map(|name| {
            let lower = name.to_ascii_lowercase();
            let short = lower.rsplit(['.', '/']).next().unwrap_or(&lower);
            let score = strsim::normalized_damerau_levenshtein(&query, &lower)
                .max(strsim::normalized_damerau_levenshtein(&short_query, short));
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = scored.first().map(|(score, _)| *score).unwrap_or(0.0);
    scored
        .into_iter()
        .take_while(|(score, _)| best - score < 0.15)
        .take(3)
        .map(|(_, n)| n.clone())
        .collect()
}

/// A method name as typed, split into its service and method parts:
/// `pkg.Service/Method`, `/pkg.Service/Method` or `pkg.Service.Method`. `None` when
/// there is no service part.
pub fn split_method_name(name: &str) -> Option<(&str, &str)> {
    let trimmed = name.trim().trim_start_matches('/');
    trimmed
        .rsplit_once('/')
        .or_else(|| trimmed.rsplit_once('.'))
        .filter(|(service, method)| !service.is_empty() && !method.is_empty())
}

/// `pkg.Service.Method` as people write it for calls: `pkg.Service/Method`.
pub fn slash_form(full_method: &str) -> String {
    match full_method.rsplit_once('.') {
        Some((service, method)) => format!("{service}/{method}"),
        None => full_method.to_owned(),
    }
}

/// The last part of a full name (`Greeter` of `helloworld.Greeter`).
pub fn short_name(full: &str) -> &str {
    full.rsplit('.').next().unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn method_names_split_in_every_form() {
        for (typed, service, method) in [
            (
                "helloworld.Greeter/SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            (
                "/helloworld.Greeter/SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            (
                "helloworld.Greeter.SayHello",
                "helloworld.Greeter",
                "SayHello",
            ),
            ("Greeter/SayHello", "Greeter", "SayHello"),
        ] {
            assert_eq!(split_method_name(typed), Some((service, method)), "{typed}");
        }
        assert_eq!(split_method_name("SayHello"), None);
        assert_eq!(split_method_name("Greeter/"), None);
    }

    #[test]
    fn suffixes_match_on_dot_boundaries_only() {
        let all = names(&[
            "helloworld.Greeter",
            "other.Greeter",
            "a.Stream",
            "a.StreamServer",
        ]);
        assert_eq!(
            match_suffix("a.Stream", &all),
            Match::One("a.Stream".into())
        );
        assert_eq!(match_suffix("Stream", &all), Match::One("a.Stream".into()));
        assert_eq!(match_suffix("world.Greeter", &all), Match::None);
        assert_eq!(
            match_suffix("Greeter", &all),
            Match::Many(names(&["helloworld.Greeter", "other.Greeter"]))
        );
    }

    #[test]
    fn closest_names_suggest_typos_and_skip_strangers() {
        let all = names(&["helloworld.Greeter", "server_stream.StreamServer"]);
        assert_eq!(closest("Greter", &all), ["helloworld.Greeter"]);
        assert!(closest("zzzzqqq", &all).is_empty());
    }

    #[test]
    fn full_method_names_print_with_a_slash() {
        assert_eq!(
            slash_form("helloworld.Greeter.SayHello"),
            "helloworld.Greeter/SayHello"
        );
        assert_eq!(short_name("helloworld.Greeter"), "Greeter");
    }
}
