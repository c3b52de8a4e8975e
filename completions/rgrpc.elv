
use builtin;
use str;

set edit:completion:arg-completer[rgrpc] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'rgrpc'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'rgrpc'= {
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the demo server: Greeter, StreamServer, StreamClient and Stream, with reflection and health'
            cand list 'List the server''s services, or the methods of one service'
            cand describe 'Show a service, method, message, enum or field as proto source'
            cand call 'Call a method with JSON requests and print the responses as JSON'
            cand repl 'Explore a server interactively: completion, history and live streams'
            cand demo 'Run every call pattern against the demo server, showing the commands that do it'
            cand completions 'Print a shell completion script'
            cand __complete-methods 'Print the methods of the target server, for shell completion (not for people)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rgrpc;serve'= {
            cand --addr 'Address to listen on; port 0 picks a free port. The bound address is printed on start'
            cand --max-msg-size 'Largest request message the server accepts, in bytes; larger ones get RESOURCE_EXHAUSTED'
            cand --grace-period 'Seconds that calls in flight may take to finish after Ctrl-C or SIGTERM'
            cand --unix 'Listen on a unix socket at PATH instead of --addr'
            cand --tls-cert 'Serve TLS with this certificate chain (PEM); goes with --tls-key'
            cand --tls-key 'Private key (PEM) of --tls-cert'
            cand --client-ca 'Require client certificates signed by this CA (PEM): mutual TLS'
            cand --token 'Require `authorization: Bearer TOKEN` on every call but health checks (visible in the process list: prefer --token-file)'
            cand --token-file 'Like --token, with the token read from FILE (surrounding whitespace ignored)'
            cand --max-concurrent-streams 'Streams one connection may have open at once; more are refused'
            cand --keepalive 'Seconds between HTTP/2 pings that check each peer is alive'
            cand --keepalive-timeout 'Seconds a ping may go unanswered before the connection is closed'
            cand --idle-timeout 'Seconds a connection may stay open with no call in flight'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Do not log each received message (RUST_LOG, when set, decides instead)'
            cand --quiet 'Do not log each received message (RUST_LOG, when set, decides instead)'
            cand --public-reflection 'Answer reflection without the token'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rgrpc;list'= {
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rgrpc;describe'= {
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --msg-template 'Also print a JSON template of the message (every field, defaults filled in)'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rgrpc;call'= {
            cand -d 'Request JSON, as the DATA argument (grpcurl''s -d)'
            cand --data 'Request JSON, as the DATA argument (grpcurl''s -d)'
            cand -o 'pretty: indented JSON; ndjson: one compact line per message'
            cand --output 'pretty: indented JSON; ndjson: one compact line per message'
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --proto-names 'Use the .proto field names in JSON output instead of lowerCamelCase'
            cand --emit-defaults 'Print fields that hold their default value'
            cand --allow-unknown-fields 'Ignore request fields the schema does not know, instead of rejecting them'
            cand --format-error 'Print an RPC''s error status as JSON on stderr'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rgrpc;repl'= {
            cand -o 'pretty: indented JSON; ndjson: one compact line per message'
            cand --output 'pretty: indented JSON; ndjson: one compact line per message'
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --proto-names 'Use the .proto field names in JSON output instead of lowerCamelCase'
            cand --emit-defaults 'Print fields that hold their default value'
            cand --allow-unknown-fields 'Ignore request fields the schema does not know, instead of rejecting them'
            cand --format-error 'Print an RPC''s error status as JSON on stderr'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rgrpc;demo'= {
            cand -a 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --addr 'Server: host:port, http://host:port, https://host:port or unix:/path [env: RGRPC_ADDR] [default: localhost:50051]'
            cand --cacert 'Trust only the CA certificates in this PEM file, instead of the system''s roots'
            cand --cert 'Client certificate (PEM) for mutual TLS; goes with --key'
            cand --key 'Private key (PEM) of the client certificate; goes with --cert'
            cand --authority 'The :authority of requests and the TLS server name, when they differ from the address'
            cand -H 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --header 'Header sent with every RPC, reflection included: ''name: value'' (repeatable). Names ending in -bin take base64 values'
            cand --rpc-header 'Header sent with the method call only, not with reflection (repeatable)'
            cand --reflect-header 'Header sent with reflection requests only (repeatable)'
            cand --max-msg-size 'Largest response message accepted, in bytes [default: 4194304]'
            cand --compress 'Compress requests (responses in any encoding the server picks are accepted)'
            cand --connect-timeout 'Seconds to wait for the connection to be made [default: 10]'
            cand --max-time 'Seconds the whole operation may take; sent to the server as the call''s deadline'
            cand --proto 'A .proto file to compile instead of asking the server (repeatable)'
            cand -I 'A directory to search for --proto files and their imports (repeatable)'
            cand --import-path 'A directory to search for --proto files and their imports (repeatable)'
            cand --protoset 'A binary FileDescriptorSet (protoc -o / buf build -o) instead of asking the server (repeatable)'
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --plaintext 'Use plaintext HTTP/2 even for a non-loopback host'
            cand --insecure 'Skip verification of the server''s certificate (with a warning)'
            cand --expand-headers 'Replace ${NAME} in header values with environment variables (an unset one is an error)'
            cand -v 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand --verbose 'Print request metadata, response headers and trailers, and message counts on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'rgrpc;completions'= {
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rgrpc;__complete-methods'= {
            cand --color 'Colour JSON, errors and warnings: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'rgrpc;help'= {
            cand serve 'Run the demo server: Greeter, StreamServer, StreamClient and Stream, with reflection and health'
            cand list 'List the server''s services, or the methods of one service'
            cand describe 'Show a service, method, message, enum or field as proto source'
            cand call 'Call a method with JSON requests and print the responses as JSON'
            cand repl 'Explore a server interactively: completion, history and live streams'
            cand demo 'Run every call pattern against the demo server, showing the commands that do it'
            cand completions 'Print a shell completion script'
            cand __complete-methods 'Print the methods of the target server, for shell completion (not for people)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rgrpc;help;serve'= {
        }
        &'rgrpc;help;list'= {
        }
        &'rgrpc;help;describe'= {
        }
        &'rgrpc;help;call'= {
        }
        &'rgrpc;help;repl'= {
        }
        &'rgrpc;help;demo'= {
        }
        &'rgrpc;help;completions'= {
        }
        &'rgrpc;help;__complete-methods'= {
        }
        &'rgrpc;help;help'= {
        }
    ]
    $completions[$command]
}
