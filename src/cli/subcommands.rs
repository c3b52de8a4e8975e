//! The arguments of each subcommand.

use clap::Args;

use super::client_args::FormatArgs;

const LIST_EXAMPLES: &str = "\
Examples:
  rgrpc list
  rgrpc list helloworld.Greeter
  rgrpc list --proto proto/helloworld.proto -I proto";

#[derive(Debug, Args)]
#[command(after_help = LIST_EXAMPLES)]
pub struct ListArgs {
    /// A service whose methods to list; all services when absent.
    #[arg(value_name = "SERVICE")]
    pub service: Option<String>,
}

const DESCRIBE_EXAMPLES: &str = "\
Examples:
  rgrpc describe                                   # every service
  rgrpc describe Greeter.SayHello
  rgrpc describe helloworld.HelloRequest --msg-template";

#[derive(Debug, Args)]
#[command(after_help = DESCRIBE_EXAMPLES)]
pub struct DescribeArgs {
    /// A service, method, message, enum or field (full or unique short name); every service when absent.
    #[arg(value_name = "SYMBOL")]
    pub symbol: Option<String>,

    /// Also print a JSON template of the message (every field, defaults filled in).
    #[arg(long)]
    pub msg_template: bool,
}

const CALL_EXAMPLES: &str = "\
Examples:
  rgrpc call Greeter/SayHello '{\"name\":\"world\"}'
  rgrpc call StreamServer/ListValue '{\"data\":\"x\"}' -o ndjson
  printf '{\"question\":\"a\"}\\n{\"question\":\"b\"}\\n' | rgrpc call Stream/Conversations";

#[derive(Debug, Args)]
#[command(after_help = CALL_EXAMPLES)]
pub struct CallArgs {
    /// Method: pkg.Service/Method, pkg.Service.Method, or a unique short form such as Service/Method.
    #[arg(value_name = "METHOD")]
    pub method: String,

    /// Request JSON: text, @FILE, or @- for stdin. One object, a sequence of objects, or an array.
    /// Absent: an empty request for unary and server-streaming calls, stdin for the others.
    #[arg(value_name = "DATA")]
    pub data_arg: Option<String>,

    /// Request JSON, as the DATA argument (grpcurl's -d).
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA",
        conflicts_with = "data_arg"
    )]
    pub data_flag: Option<String>,

    #[command(flatten)]
    pub format: FormatArgs,
}

impl CallArgs {
    /// The request data, from the positional argument or `-d`.
    pub fn data(&self) -> Option<&str> {
        self.data_arg.as_deref().or(self.data_flag.as_deref())
    }
}

const REPL_EXAMPLES: &str = "\
Examples:
  rgrpc repl
  rgrpc repl --addr 127.0.0.1:50051
  printf 'use Greeter\\nSayHello {\"name\":\"a\"}\\n' | rgrpc repl";

#[derive(Debug, Args)]
#[command(after_help = REPL_EXAMPLES)]
pub struct ReplArgs {
    #[command(flatten)]
    pub format: FormatArgs,
}

const DEMO_EXAMPLES: &str = "\
Examples:
  rgrpc demo                                  # starts its own server on a free loopback port
  rgrpc demo --addr 127.0.0.1:50051           # tours a running `rgrpc serve` instead";

#[derive(Debug, Args)]
#[command(after_help = DEMO_EXAMPLES)]
pub struct DemoArgs {}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  rgrpc completions bash > ~/.local/share/bash-completion/completions/rgrpc
  rgrpc completions fish > ~/.config/fish/completions/rgrpc.fish
  rgrpc completions zsh > ~/.zfunc/_rgrpc";

#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to generate the script for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// The words of the command line being completed, after `rgrpc`.
#[derive(Debug, Args)]
pub struct CompleteMethodsArgs {
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "WORDS"
    )]
    pub words: Vec<String>,
}
