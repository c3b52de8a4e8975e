# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rgrpc_global_optspecs
    string join \n color= a/addr= plaintext protocol= http2 reflect-protocol= cacert= cert= key= insecure authority= H/header= rpc-header= reflect-header= expand-headers max-msg-size= compress= connect-timeout= max-time= v/verbose proto= I/import-path= protoset= h/help V/version
end

function __fish_rgrpc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rgrpc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rgrpc_using_subcommand
    set -l cmd (__fish_rgrpc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rgrpc -n "__fish_rgrpc_needs_command" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -s V -l version -d 'Print version'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "list" -d 'List the server\'s services, or the methods of one service'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "describe" -d 'Show a service, method, message, enum or field as proto source'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "call" -d 'Call a method with JSON requests and print the responses as JSON'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "repl" -d 'Explore a server interactively: completion, history and live streams'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "bench" -d 'Load-test a method: HDR latency percentiles, open or closed loop, CI thresholds'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "demo" -d 'Run every call pattern against the demo server, showing the commands that do it'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "__complete-methods" -d 'Print the methods of the target server, for shell completion (not for people)'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "serve" -d 'Run the demo server (Greeter, StreamServer, StreamClient, Stream), or any schema with stubs, with reflection and health'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c rgrpc -n "__fish_rgrpc_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l msg-template -d 'Also print a JSON template of the message (every field, defaults filled in)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s d -l data -d 'Request JSON, as the DATA argument (grpcurl\'s -d)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s o -l output -d 'pretty: indented JSON; ndjson: one compact line per message' -r -f -a "pretty\t''
ndjson\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l proto-names -d 'Use the .proto field names in JSON output instead of lowerCamelCase'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l emit-defaults -d 'Print fields that hold their default value'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l allow-unknown-fields -d 'Ignore request fields the schema does not know, instead of rejecting them'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l format-error -d 'Print an RPC\'s error status as JSON on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand call" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s o -l output -d 'pretty: indented JSON; ndjson: one compact line per message' -r -f -a "pretty\t''
ndjson\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l proto-names -d 'Use the .proto field names in JSON output instead of lowerCamelCase'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l emit-defaults -d 'Print fields that hold their default value'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l allow-unknown-fields -d 'Ignore request fields the schema does not know, instead of rejecting them'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l format-error -d 'Print an RPC\'s error status as JSON on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand repl" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s d -l data -d 'Request JSON, as the DATA argument' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s c -l concurrency -d 'Calls in flight at most' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l connections -d 'HTTP/2 connections; calls are spread over them' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s n -l requests -d 'Calls to make (200 when neither -n nor -z is given)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s z -l duration -d 'How long to run (30s, 2m); with -n, whichever comes first' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l warmup -d 'Run this long first and discard what it measured' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s r -l rps -d 'Open loop at R calls per second: calls start when due, latency counts from then' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l rps-start -d 'Open loop ramping linearly from this rate to --rps-end over -z' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l rps-end -d 'The rate a ramp ends at' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l timeout -d 'Deadline of each call' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s o -l output -d 'Report: summary (default, stdout), json, prometheus, csv=FILE, html=FILE; FORMAT=FILE writes a file (repeatable: several reports of one run)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l fail-on -d 'Exit 3 when EXPR holds after the run: p99>50ms, errors>1%, rps<1000 (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l hdr-log -d 'Write the latency of successful calls, second by second, as an HdrHistogram interval log' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l merge -d 'Make no calls: report on interval logs written by --hdr-log (runs on several machines)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand __complete-methods" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l addr -d 'Address to listen on; port 0 picks a free port. The bound address is printed on start' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l max-msg-size -d 'Largest request message the server accepts, in bytes; larger ones get RESOURCE_EXHAUSTED' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l grace-period -d 'Seconds that calls in flight may take to finish after Ctrl-C or SIGTERM' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l unix -d 'Listen on a unix socket at PATH instead of --addr' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l tls-cert -d 'Serve TLS with this certificate chain (PEM); goes with --tls-key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l client-ca -d 'Require client certificates signed by this CA (PEM): mutual TLS' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l cors-origin -d 'Let browser pages from ORIGIN call with gRPC-Web or Connect (repeatable; `*` for any origin). Without it, no CORS headers are sent and browsers refuse cross-origin calls' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l token -d 'Require `authorization: Bearer TOKEN` on every call but health checks (visible in the process list: prefer --token-file)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l token-file -d 'Like --token, with the token read from FILE (surrounding whitespace ignored)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l max-concurrent-streams -d 'Streams one connection may have open at once; more are refused' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l keepalive -d 'Seconds between HTTP/2 pings that check each peer is alive' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l keepalive-timeout -d 'Seconds a ping may go unanswered before the connection is closed' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l idle-timeout -d 'Seconds a connection may stay open with no call in flight' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l threads -d 'Threads that answer calls [default: one per CPU]. Where the clients run on the same cores (a CI runner, a load test on one machine), fewer threads cost less CPU per call' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l proto -d 'Serve the services of these .proto files (repeatable) instead of the demo' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l protoset -d 'Serve the services of these binary FileDescriptorSets (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l reflect-from -d 'Serve the schema a live server describes through reflection' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l stubs -d 'Stub files (gripmock v3 format, YAML or JSON): a file, or a directory read recursively for *.yaml, *.yml and *.json (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l admin -d 'Serve the admin API (HTTP/1.1 + JSON: /api/stubs, /api/history, /api/verify, ...) on HOST:PORT. With --token, it needs the same bearer token' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l record-from -d 'Forward every call to this server and write what it answers as stubs (--stubs-out)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l stubs-out -d 'Where --record-from writes stub files (one JSON file per method)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -s q -l quiet -d 'Do not log each received message (RUST_LOG, when set, decides instead)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l public-reflection -d 'Answer reflection without the token'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l watch -d 'Reload the stubs when their files change (a reload that fails keeps the old set)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand serve" -s h -l help -d 'Print help'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -s a -l addr -d 'Server: host:port, http://host:port, https://host:port or unix:/path' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l protocol -d 'The wire protocol: gRPC, gRPC-Web (binary or base64 text) or Connect' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l reflect-protocol -d 'The protocol of reflection requests, when it differs from --protocol (reflection is a bidi stream, which HTTP/1.1 cannot carry)' -r -f -a "grpc\t''
grpc-web\t''
grpc-web-text\t''
connect\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l cacert -d 'Trust only the CA certificates in this PEM file, instead of the system\'s roots' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l cert -d 'Client certificate (PEM) for mutual TLS; goes with --key' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l key -d 'Private key (PEM) of the client certificate; goes with --cert' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l authority -d 'The :authority of requests and the TLS server name, when they differ from the address' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -s H -l header -d 'Header sent with every RPC, reflection included: \'name: value\' (repeatable). Names ending in -bin take base64 values' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l rpc-header -d 'Header sent with the method call only, not with reflection (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l reflect-header -d 'Header sent with reflection requests only (repeatable)' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l max-msg-size -d 'Largest response message accepted, in bytes' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l compress -d 'Compress requests (responses in any encoding the server picks are accepted)' -r -f -a "gzip\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l connect-timeout -d 'Seconds to wait for the connection to be made' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l max-time -d 'Seconds the whole operation may take; sent to the server as the call\'s deadline' -r
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l proto -d 'A .proto file to compile instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -s I -l import-path -d 'A directory to search for --proto files and their imports (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l protoset -d 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)' -r -F
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l color -d 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l plaintext -d 'Use plaintext HTTP/2 even for a non-loopback host'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l http2 -d 'gRPC-Web and Connect over HTTP/2: prior knowledge in plaintext, the only ALPN offer over TLS'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l insecure -d 'Skip verification of the server\'s certificate (with a warning)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -l expand-headers -d 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -s v -l verbose -d 'Print request metadata, response headers and trailers, and message counts on stderr'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand completions" -s h -l help -d 'Print help'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "list" -d 'List the server\'s services, or the methods of one service'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "describe" -d 'Show a service, method, message, enum or field as proto source'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "call" -d 'Call a method with JSON requests and print the responses as JSON'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "repl" -d 'Explore a server interactively: completion, history and live streams'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "bench" -d 'Load-test a method: HDR latency percentiles, open or closed loop, CI thresholds'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "demo" -d 'Run every call pattern against the demo server, showing the commands that do it'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "__complete-methods" -d 'Print the methods of the target server, for shell completion (not for people)'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "serve" -d 'Run the demo server (Greeter, StreamServer, StreamClient, Stream), or any schema with stubs, with reflection and health'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c rgrpc -n "__fish_rgrpc_using_subcommand help; and not __fish_seen_subcommand_from list describe call repl bench demo __complete-methods serve completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'

# rgrpc: METHOD of `rgrpc call` is completed with the methods of the target server,
# asked through its reflection (2 s at most).
function __rgrpc_methods
    set -l words (commandline -opc)
    $words[1] __complete-methods -- $words[2..-1] 2>/dev/null
end
complete -c rgrpc -n "__fish_seen_subcommand_from call" -f -a "(__rgrpc_methods)"
