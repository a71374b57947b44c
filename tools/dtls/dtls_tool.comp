# dtls_tool.comp: the front end of the dtls-server and dtls-client tools:
# options, the PSK table, then an echo server (role 2) or a stdin/stdout
# client (role 1) over a Dtls instance
component DtlsTool
uses Boot as boot
uses Process as process
uses Timer as timer                # client: handshake timeout, the final wait; server: echo retry
uses FdWatch as fds                # client: stdin
uses Datagram as net               # Dtls.datagram
uses Session as session            # Dtls.session
uses DtlsStats as stats            # Dtls.stats: printed at exit with -v
uses PskConfig as psk              # PskFile.config
uses MtuControl as mtu             # MtuClamp.control, under Dtls.transport
uses LogLevel as verbosity         # LogGate.level: -v
uses Log as log default NoLog
param role: u8 = 1 in 1..2         # 1: dtls-client, 2: dtls-server
sources dtls_tool.c dtls_tool_args.c dtls_tool_server.c dtls_tool_client.c
platforms posix
