
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'rgrpc' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'rgrpc'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'rgrpc' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the server''s services, or the methods of one service')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a service, method, message, enum or field as proto source')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a method with JSON requests and print the responses as JSON')
            [CompletionResult]::new('repl', 'repl', [CompletionResultType]::ParameterValue, 'Explore a server interactively: completion, history and live streams')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test a method: HDR latency percentiles, open or closed loop, CI thresholds')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run every call pattern against the demo server, showing the commands that do it')
            [CompletionResult]::new('__complete-methods', '__complete-methods', [CompletionResultType]::ParameterValue, 'Print the methods of the target server, for shell completion (not for people)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the demo server (Greeter, StreamServer, StreamClient, Stream), or any schema with stubs, with reflection and health')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rgrpc;list' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;describe' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--msg-template', '--msg-template', [CompletionResultType]::ParameterName, 'Also print a JSON template of the message (every field, defaults filled in)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;call' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request JSON, as the DATA argument (grpcurl''s -d)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request JSON, as the DATA argument (grpcurl''s -d)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'pretty: indented JSON; ndjson: one compact line per message')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'pretty: indented JSON; ndjson: one compact line per message')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--proto-names', '--proto-names', [CompletionResultType]::ParameterName, 'Use the .proto field names in JSON output instead of lowerCamelCase')
            [CompletionResult]::new('--emit-defaults', '--emit-defaults', [CompletionResultType]::ParameterName, 'Print fields that hold their default value')
            [CompletionResult]::new('--allow-unknown-fields', '--allow-unknown-fields', [CompletionResultType]::ParameterName, 'Ignore request fields the schema does not know, instead of rejecting them')
            [CompletionResult]::new('--format-error', '--format-error', [CompletionResultType]::ParameterName, 'Print an RPC''s error status as JSON on stderr')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;repl' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'pretty: indented JSON; ndjson: one compact line per message')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'pretty: indented JSON; ndjson: one compact line per message')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--proto-names', '--proto-names', [CompletionResultType]::ParameterName, 'Use the .proto field names in JSON output instead of lowerCamelCase')
            [CompletionResult]::new('--emit-defaults', '--emit-defaults', [CompletionResultType]::ParameterName, 'Print fields that hold their default value')
            [CompletionResult]::new('--allow-unknown-fields', '--allow-unknown-fields', [CompletionResultType]::ParameterName, 'Ignore request fields the schema does not know, instead of rejecting them')
            [CompletionResult]::new('--format-error', '--format-error', [CompletionResultType]::ParameterName, 'Print an RPC''s error status as JSON on stderr')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;bench' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request JSON, as the DATA argument')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request JSON, as the DATA argument')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Calls in flight at most')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Calls in flight at most')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'HTTP/2 connections; calls are spread over them')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Calls to make (200 when neither -n nor -z is given)')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Calls to make (200 when neither -n nor -z is given)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'How long to run (30s, 2m); with -n, whichever comes first')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to run (30s, 2m); with -n, whichever comes first')
            [CompletionResult]::new('--warmup', '--warmup', [CompletionResultType]::ParameterName, 'Run this long first and discard what it measured')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Open loop at R calls per second: calls start when due, latency counts from then')
            [CompletionResult]::new('--rps', '--rps', [CompletionResultType]::ParameterName, 'Open loop at R calls per second: calls start when due, latency counts from then')
            [CompletionResult]::new('--rps-start', '--rps-start', [CompletionResultType]::ParameterName, 'Open loop ramping linearly from this rate to --rps-end over -z')
            [CompletionResult]::new('--rps-end', '--rps-end', [CompletionResultType]::ParameterName, 'The rate a ramp ends at')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of each call')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report: summary (default, stdout), json, prometheus, csv=FILE, html=FILE; FORMAT=FILE writes a file (repeatable: several reports of one run)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report: summary (default, stdout), json, prometheus, csv=FILE, html=FILE; FORMAT=FILE writes a file (repeatable: several reports of one run)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 3 when EXPR holds after the run: p99>50ms, errors>1%, rps<1000 (repeatable)')
            [CompletionResult]::new('--hdr-log', '--hdr-log', [CompletionResultType]::ParameterName, 'Write the latency of successful calls, second by second, as an HdrHistogram interval log')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Make no calls: report on interval logs written by --hdr-log (runs on several machines)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;demo' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;__complete-methods' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'rgrpc;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free port. The bound address is printed on start')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest request message the server accepts, in bytes; larger ones get RESOURCE_EXHAUSTED')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'Seconds that calls in flight may take to finish after Ctrl-C or SIGTERM')
            [CompletionResult]::new('--unix', '--unix', [CompletionResultType]::ParameterName, 'Listen on a unix socket at PATH instead of --addr')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve TLS with this certificate chain (PEM); goes with --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--client-ca', '--client-ca', [CompletionResultType]::ParameterName, 'Require client certificates signed by this CA (PEM): mutual TLS')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Require `authorization: Bearer TOKEN` on every call but health checks (visible in the process list: prefer --token-file)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Like --token, with the token read from FILE (surrounding whitespace ignored)')
            [CompletionResult]::new('--max-concurrent-streams', '--max-concurrent-streams', [CompletionResultType]::ParameterName, 'Streams one connection may have open at once; more are refused')
            [CompletionResult]::new('--keepalive', '--keepalive', [CompletionResultType]::ParameterName, 'Seconds between HTTP/2 pings that check each peer is alive')
            [CompletionResult]::new('--keepalive-timeout', '--keepalive-timeout', [CompletionResultType]::ParameterName, 'Seconds a ping may go unanswered before the connection is closed')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection may stay open with no call in flight')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'Serve the services of these .proto files (repeatable) instead of the demo')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'Serve the services of these binary FileDescriptorSets (repeatable)')
            [CompletionResult]::new('--reflect-from', '--reflect-from', [CompletionResultType]::ParameterName, 'Serve the schema a live server describes through reflection')
            [CompletionResult]::new('--stubs', '--stubs', [CompletionResultType]::ParameterName, 'Stub files (gripmock v3 format, YAML or JSON): a file, or a directory read recursively for *.yaml, *.yml and *.json (repeatable)')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Serve the admin API (HTTP/1.1 + JSON: /api/stubs, /api/history, /api/verify, ...) on HOST:PORT. With --token, it needs the same bearer token')
            [CompletionResult]::new('--record-from', '--record-from', [CompletionResultType]::ParameterName, 'Forward every call to this server and write what it answers as stubs (--stubs-out)')
            [CompletionResult]::new('--stubs-out', '--stubs-out', [CompletionResultType]::ParameterName, 'Where --record-from writes stub files (one JSON file per method)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Do not log each received message (RUST_LOG, when set, decides instead)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Do not log each received message (RUST_LOG, when set, decides instead)')
            [CompletionResult]::new('--public-reflection', '--public-reflection', [CompletionResultType]::ParameterName, 'Answer reflection without the token')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Reload the stubs when their files change (a reload that fails keeps the old set)')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rgrpc;completions' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Server: host:port, http://host:port, https://host:port or unix:/path')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only the CA certificates in this PEM file, instead of the system''s roots')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for mutual TLS; goes with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM) of the client certificate; goes with --cert')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The :authority of requests and the TLS server name, when they differ from the address')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values')
            [CompletionResult]::new('--rpc-header', '--rpc-header', [CompletionResultType]::ParameterName, 'Header sent with the method call only, not with reflection (repeatable)')
            [CompletionResult]::new('--reflect-header', '--reflect-header', [CompletionResultType]::ParameterName, 'Header sent with reflection requests only (repeatable)')
            [CompletionResult]::new('--max-msg-size', '--max-msg-size', [CompletionResultType]::ParameterName, 'Largest response message accepted, in bytes')
            [CompletionResult]::new('--compress', '--compress', [CompletionResultType]::ParameterName, 'Compress requests (responses in any encoding the server picks are accepted)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection to be made')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Seconds the whole operation may take; sent to the server as the call''s deadline')
            [CompletionResult]::new('--proto', '--proto', [CompletionResultType]::ParameterName, 'A .proto file to compile instead of asking the server (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--import-path', '--import-path', [CompletionResultType]::ParameterName, 'A directory to search for --proto files and their imports (repeatable)')
            [CompletionResult]::new('--protoset', '--protoset', [CompletionResultType]::ParameterName, 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--plaintext', '--plaintext', [CompletionResultType]::ParameterName, 'Use plaintext HTTP/2 even for a non-loopback host')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip verification of the server''s certificate (with a warning)')
            [CompletionResult]::new('--expand-headers', '--expand-headers', [CompletionResultType]::ParameterName, 'Replace ${NAME} in header values with environment variables (an unset one is an error)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print request metadata, response headers and trailers, and message counts on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'rgrpc;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the server''s services, or the methods of one service')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a service, method, message, enum or field as proto source')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a method with JSON requests and print the responses as JSON')
            [CompletionResult]::new('repl', 'repl', [CompletionResultType]::ParameterValue, 'Explore a server interactively: completion, history and live streams')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test a method: HDR latency percentiles, open or closed loop, CI thresholds')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Run every call pattern against the demo server, showing the commands that do it')
            [CompletionResult]::new('__complete-methods', '__complete-methods', [CompletionResultType]::ParameterValue, 'Print the methods of the target server, for shell completion (not for people)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the demo server (Greeter, StreamServer, StreamClient, Stream), or any schema with stubs, with reflection and health')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rgrpc;help;list' {
            break
        }
        'rgrpc;help;describe' {
            break
        }
        'rgrpc;help;call' {
            break
        }
        'rgrpc;help;repl' {
            break
        }
        'rgrpc;help;bench' {
            break
        }
        'rgrpc;help;demo' {
            break
        }
        'rgrpc;help;__complete-methods' {
            break
        }
        'rgrpc;help;serve' {
            break
        }
        'rgrpc;help;completions' {
            break
        }
        'rgrpc;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
