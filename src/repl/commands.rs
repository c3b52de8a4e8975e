//! The REPL's commands: one registry that parsing, `help` and completion all read, and
//! the parser from a line to a [`ReplCommand`].
//!
//! Lines are split by hand rather than with a shell-word splitter because `call METHOD
//! JSON` takes the rest of the line raw: quoting rules would eat the JSON's quotes.

use crate::cli::OutputFormat;

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub help: &'static str,
}

/// Every command, in the order `help` lists them.
pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        name: "list",
        usage: "list [SERVICE]",
        summary: "list services, or the methods of one service",
        help: "Without SERVICE, every service of the server, fully qualified and sorted.\nWith SERVICE (full or short name), its methods.",
    },
    CommandInfo {
        name: "describe",
        usage: "describe [SYMBOL]",
        summary: "show a service, method, message, enum or field as proto source",
        help: "SYMBOL may be a full or unique short name: Greeter, Greeter.SayHello, HelloRequest.\nWithout SYMBOL, every service.",
    },
    CommandInfo {
        name: "use",
        usage: "use [SERVICE]",
        summary: "call methods of SERVICE by their bare name",
        help: "After `use Greeter`, `SayHello {\"name\":\"x\"}` calls helloworld.Greeter/SayHello.\n`use` alone forgets the service.",
    },
    CommandInfo {
        name: "call",
        usage: "call METHOD [JSON]",
        summary: "call a method (or just type METHOD JSON)",
        help: "METHOD is Service/Method, pkg.Service/Method, or a bare method name after `use`.\nJSON is one request object and may span lines while braces are open.\nFor client and bidi streams the prompt changes: type one JSON message per line,\nan empty line or Ctrl-D ends the stream, Ctrl-C cancels it.",
    },
    CommandInfo {
        name: "header",
        usage: "header NAME: VALUE | header -d NAME",
        summary: "add or remove metadata sent with the following calls",
        help: "`header authorization: Bearer x` adds a header; `header -d authorization` removes it.\nNames ending in -bin take base64 values.",
    },
    CommandInfo {
        name: "headers",
        usage: "headers",
        summary: "show the headers sent with calls",
        help: "Lists the headers added with `header`, in the order they are sent.",
    },
    CommandInfo {
        name: "set",
        usage: "set OPTION VALUE",
        summary: "change how responses are printed",
        help: "set emit-defaults on|off: print fields holding their default value.\nset proto-names on|off: use .proto field names instead of lowerCamelCase.\nset output pretty|ndjson: indented JSON, or one line per message.",
    },
    CommandInfo {
        name: "help",
        usage: "help [COMMAND]",
        summary: "show this list, or the help of one command",
        help: "Tab completes commands, services, methods and request fields; Ctrl-R searches history.",
    },
    CommandInfo {
        name: "exit",
        usage: "exit [STATUS]",
        summary: "leave the shell (also quit, Ctrl-D)",
        help: "Leaves the shell, with STATUS as its exit status when given. In a terminal the\nstatus is otherwise 0; a script on a pipe ends with the status of its last failed\ncommand. History is kept for the next session.",
    },
];

/// Names accepted as commands, including aliases.
pub fn command_names() -> impl Iterator<Item = &'static str> {
    COMMANDS.iter().map(|c| c.name).chain(["quit"])
}

/// A settings change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    EmitDefaults(bool),
    ProtoNames(bool),
    Output(OutputFormat),
}

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplCommand {
    Empty,
    List(Option<String>),
    Describe(Option<String>),
    Use(Option<String>),
    /// A call; `json` is the raw rest of the line (may be empty).
    Call {
        method: String,
        json: String,
    },
    AddHeader(String),
    RemoveHeader(String),
    Headers,
    Set(Setting),
    Help(Option<String>),
    /// Leave, with this exit status when given.
    Exit(Option<u8>),
}

/// Parses a line. A first word that is not a command is taken as a method (`SayHello
/// {...}` after `use Greeter`).
pub fn parse(line: &str) -> Result<ReplCommand, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(ReplCommand::Empty);
    }
    let (word, rest) = split_word(line);
    let argument = (!rest.is_empty()).then(|| rest.to_owned());
    let single = |command: &str| -> Result<Option<String>, String> {
        match rest.split_whitespace().count() {
            0 | 1 => Ok(argument.clone()),
            _ => Err(format!(
                "{command} takes at most one argument; see `help {command}`"
            )),
        }
    };
    Ok(match word {
        "list" | "ls" => ReplCommand::List(single("list")?),
        "describe" | "desc" => ReplCommand::Describe(single("describe")?),
        "use" => ReplCommand::Use(single("use")?),
        "call" => {
            let (method, json) = split_word(rest);
            if method.is_empty() {
                return Err("call needs a METHOD; see `help call`".to_owned());
            }
            ReplCommand::Call {
                method: method.to_owned(),
                json: json.to_owned(),
            }
        }
        "header" => match rest.strip_prefix("-d") {
            Some(name) if name.starts_with(char::is_whitespace) || name.is_empty() => {
                let name = name.trim();
                if name.is_empty() {
                    return Err("header -d needs a NAME".to_owned());
                }
                ReplCommand::RemoveHeader(name.to_ascii_lowercase())
            }
            _ if rest.contains(':') => ReplCommand::AddHeader(rest.to_owned()),
            _ => return Err("expected `header NAME: VALUE` or `header -d NAME`".to_owned()),
        },
        "headers" => ReplCommand::Headers,
        "set" => ReplCommand::Set(parse_setting(rest)?),
        "help" | "?" => ReplCommand::Help(argument),
        "exit" | "quit" => match rest {
            "" => ReplCommand::Exit(None),
            code => ReplCommand::Exit(Some(code.parse().map_err(|_| {
                format!("{word} takes an exit status from 0 to 255, not {code:?}")
            })?)),
        },
        method => ReplCommand::Call {
            method: method.to_owned(),
            json: rest.to_owned(),
        },
    })
}

fn parse_setting(text: &str) -> Result<Setting, String> {
    let mut words = text.split_whitespace();
    let (name, value) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let on_off = |value: &str| match value {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!("set {name} takes on or off, not {value:?}")),
    };
    match name {
        "emit-defaults" => Ok(Setting::EmitDefaults(on_off(value)?)),
        "proto-names" => Ok(Setting::ProtoNames(on_off(value)?)),
        "output" => match value {
            "pretty" => Ok(Setting::Output(OutputFormat::Pretty)),
            "ndjson" => Ok(Setting::Output(OutputFormat::Ndjson)),
            _ => Err(format!("set output takes pretty or ndjson, not {value:?}")),
        },
        _ => Err(
            "expected set emit-defaults|proto-names on|off, or set output pretty|ndjson".to_owned(),
        ),
    }
}

/// The first word and the rest, trimmed.
pub fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], text[end..].trim()),
        None => (text, ""),
    }
}

/// The help text: every command, or one command in full.
pub fn help(topic: Option<&str>) -> Result<String, String> {
    match topic {
        None => {
            let mut out = String::from("Commands:\n");
            for command in COMMANDS {
                out.push_str(&format!("  {:<38} {}\n", command.usage, command.summary));
            }
            out.push_str(
                "\nTab completes; Ctrl-R searches history; Ctrl-C cancels a call; Ctrl-D leaves.\n",
            );
            Ok(out)
        }
        Some(name) => {
            let name = if name == "quit" { "exit" } else { name };
            COMMANDS
                .iter()
                .find(|c| c.name == name)
                .map(|c| format!("{}\n{}\n", c.usage, c.help))
                .ok_or_else(|| format!("no command {name:?}; `help` lists them"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_shortcuts_parse() {
        assert_eq!(parse("  "), Ok(ReplCommand::Empty));
        assert_eq!(parse("list"), Ok(ReplCommand::List(None)));
        assert_eq!(
            parse("list Greeter"),
            Ok(ReplCommand::List(Some("Greeter".into())))
        );
        assert_eq!(parse("use"), Ok(ReplCommand::Use(None)));
        assert_eq!(
            parse(r#"call Greeter/SayHello {"name": "a b"}"#),
            Ok(ReplCommand::Call {
                method: "Greeter/SayHello".into(),
                json: r#"{"name": "a b"}"#.into()
            })
        );
        assert_eq!(
            parse(r#"SayHello {"name":"x"}"#),
            Ok(ReplCommand::Call {
                method: "SayHello".into(),
                json: r#"{"name":"x"}"#.into()
            })
        );
        assert_eq!(
            parse("header x-a: 1"),
            Ok(ReplCommand::AddHeader("x-a: 1".into()))
        );
        assert_eq!(
            parse("header -d X-A"),
            Ok(ReplCommand::RemoveHeader("x-a".into()))
        );
        assert_eq!(
            parse("set output ndjson"),
            Ok(ReplCommand::Set(Setting::Output(OutputFormat::Ndjson)))
        );
        assert_eq!(
            parse("set proto-names on"),
            Ok(ReplCommand::Set(Setting::ProtoNames(true)))
        );
        assert_eq!(parse("quit"), Ok(ReplCommand::Exit(None)));
        assert_eq!(parse("exit 3"), Ok(ReplCommand::Exit(Some(3))));
        assert!(parse("exit loud").is_err());
    }

    #[test]
    fn malformed_commands_explain_themselves() {
        assert!(parse("call").is_err());
        assert!(parse("header nothing").is_err());
        assert!(parse("set output loud").is_err());
        assert!(parse("list a b").is_err());
        assert!(help(Some("frobnicate")).is_err());
    }

    #[test]
    fn every_command_has_help() {
        let all = help(None).expect("help");
        for command in COMMANDS {
            assert!(all.contains(command.usage), "{}", command.name);
            assert!(help(Some(command.name)).is_ok());
        }
    }
}
