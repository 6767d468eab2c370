"""A TLS peer on Python's ssl module, for loomsocket's interop tests.

    tls_peer.py server VERSION CERT KEY [--ca CA] [--alpn P,Q]   prints "PORT n", serves one
        connection: reads lines and answers each reversed, until the peer closes
    tls_peer.py client VERSION PORT CA LINE [--alpn P,Q] [--cert C --key K]
        connects to 127.0.0.1:PORT as localhost, sends LINE, prints "GOT <answer>",
        "VERSION <v>", "ALPN <p>", then closes with close_notify
VERSION is 1.2 or 1.3. Loopback only.
"""
import socket
import ssl
import sys

def version(v):
    return ssl.TLSVersion.TLSv1_3 if v == "1.3" else ssl.TLSVersion.TLSv1_2

def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None

def main():
    role, v = sys.argv[1], sys.argv[2]
    if role == "server":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ctx.maximum_version = version(v)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        if option("--ca"):
            ctx.load_verify_locations(option("--ca"))
            ctx.verify_mode = ssl.CERT_REQUIRED
        if option("--alpn"):
            ctx.set_alpn_protocols(option("--alpn").split(","))
        listener = socket.create_server(("127.0.0.1", 0))
        print("PORT", listener.getsockname()[1], flush=True)
        raw, _ = listener.accept()
        conn = ctx.wrap_socket(raw, server_side=True)
        print("VERSION", conn.version(), "ALPN", conn.selected_alpn_protocol(), flush=True)
        f = conn.makefile("rwb")
        for line in f:
            f.write(line.rstrip(b"\n")[::-1] + b"\n")
            f.flush()
        conn.unwrap()
        print("DONE", flush=True)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ctx.maximum_version = version(v)
        ctx.load_verify_locations(sys.argv[4])
        if option("--alpn"):
            ctx.set_alpn_protocols(option("--alpn").split(","))
        if option("--cert"):
            ctx.load_cert_chain(option("--cert"), option("--key"))
        raw = socket.create_connection(("127.0.0.1", int(sys.argv[3])))
        conn = ctx.wrap_socket(raw, server_hostname="localhost")
        conn.sendall(sys.argv[5].encode() + b"\n")
        f = conn.makefile("rb")
        print("GOT", f.readline().decode().rstrip("\n"), flush=True)
        print("VERSION", conn.version(), flush=True)
        print("ALPN", conn.selected_alpn_protocol(), flush=True)
        conn.unwrap()
        conn.close()

main()
