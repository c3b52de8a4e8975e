//! Shell completion scripts, generated from the clap definitions, plus a hook for what
//! a static script cannot know: the method names of the server a `call` targets.
//!
//! For bash, fish and zsh the script asks `rgrpc __complete-methods -- WORDS...` (see
//! `commands::complete`), which parses the words typed so far with the real command-line
//! parser, so `--addr`, `-H` and `--proto` all apply.

use clap_complete::Shell;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut command = crate::cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "rgrpc", &mut out);
    let script = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => script + &bash_methods(),
        Shell::Fish => script + FISH_METHODS,
        Shell::Zsh => zsh_with_methods(&script),
        _ => script,
    }
}

/// Options of `call` (and global ones) that take a value, as bash patterns: the word after
/// them is their value, not the METHOD.
fn options_with_values() -> String {
    let command = crate::cli::command();
    let call = command.find_subcommand("call").cloned().unwrap_or_default();
    let mut names: Vec<String> = call
        .get_arguments()
        .chain(command.get_arguments())
        .filter(|arg| !arg.is_positional() && arg.get_action().takes_values())
        .flat_map(|arg| {
            let long = arg.get_long().map(|l| format!("--{l}"));
            let short = arg.get_short().map(|s| format!("-{s}"));
            long.into_iter().chain(short)
        })
        .collect();
    names.sort();
    names.dedup();
    names.join("|")
}

fn bash_methods() -> String {
    format!(
        r#"
# rgrpc: METHOD of `rgrpc call` is completed with the methods of the target server,
# asked through its reflection (2 s at most). COMP_WORDS splits host:port at the colon,
# so the words are read from the line itself.
_rgrpc_completing_call_method() {{
    local line=${{COMP_LINE:0:COMP_POINT}} i word seen_call=0 positional=0
    local -a words
    read -ra words <<< "$line"
    _rgrpc_current=""
    if [[ $line != *[[:space:]] && ${{#words[@]}} -gt 0 ]]; then
        _rgrpc_current=${{words[${{#words[@]}}-1]}}
        unset 'words[${{#words[@]}}-1]'
    fi
    [[ $_rgrpc_current == -* ]] && return 1
    for ((i = 1; i < ${{#words[@]}}; i++)); do
        word=${{words[i]}}
        case $word in
            {options}) ((i++)) ;;
            -*) ;;
            *)
                if ((seen_call == 0)); then
                    [[ $word == call ]] || return 1
                    seen_call=1
                else
                    ((positional++))
                fi
                ;;
        esac
    done
    _rgrpc_words=("${{words[@]:1}}")
    ((seen_call == 1 && positional == 0))
}}

_rgrpc_with_methods() {{
    if _rgrpc_completing_call_method; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$("${{COMP_WORDS[0]}}" __complete-methods -- "${{_rgrpc_words[@]}}" 2>/dev/null)" -- "$_rgrpc_current"))
        return 0
    fi
    _rgrpc "$@"
}}

complete -F _rgrpc_with_methods -o nosort -o bashdefault -o default rgrpc
"#,
        options = options_with_values()
    )
}

const FISH_METHODS: &str = r#"
# rgrpc: METHOD of `rgrpc call` is completed with the methods of the target server,
# asked through its reflection (2 s at most).
function __rgrpc_methods
    set -l words (commandline -opc)
    $words[1] __complete-methods -- $words[2..-1] 2>/dev/null
end
complete -c rgrpc -n "__fish_seen_subcommand_from call" -f -a "(__rgrpc_methods)"
"#;

const ZSH_METHODS: &str = r#"
# rgrpc: METHOD of `rgrpc call` is completed with the methods of the target server,
# asked through its reflection (2 s at most).
(( $+functions[_rgrpc_call_methods] )) ||
_rgrpc_call_methods() {
    local -a methods
    methods=(${(f)"$(rgrpc __complete-methods -- call ${words[2,CURRENT-1]} 2>/dev/null)"})
    compadd -a methods
}
"#;

/// The zsh script with METHOD completed by `_rgrpc_call_methods`.
fn zsh_with_methods(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + ZSH_METHODS.len());
    let mut in_call = false;
    for line in script.lines() {
        if line.trim_start().starts_with("(call)") {
            in_call = true;
        } else if in_call && line.trim() == ";;" {
            in_call = false;
        }
        if in_call && line.trim_start().starts_with("':method") {
            out.push_str(&line.replace(":_default'", ":_rgrpc_call_methods'"));
        } else {
            if line.starts_with("if [ \"$funcstack[1]\" = \"_rgrpc\" ]") {
                out.push_str(ZSH_METHODS.trim_start());
                out.push('\n');
            }
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
