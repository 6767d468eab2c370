"""Python's http.server over TLS, for loomsocket's HttpGet sample test.

    https_server.py DIRECTORY CERT KEY    serves DIRECTORY on 127.0.0.1, a port of its own,
                                          printing "PORT n" first
"""
import functools
import http.server
import ssl
import sys

directory, cert, key = sys.argv[1:4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
server = http.server.HTTPServer(("127.0.0.1", 0), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
