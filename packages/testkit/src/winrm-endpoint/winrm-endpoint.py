#!/usr/bin/python3
"""A WinRM-like HTTP endpoint for the @psrp/wsman tests: real acceptors, no mocks.

Authenticates with Basic (users of NTLM_USER_FILE), NTLM and SPNEGO (gss-ntlmssp, NTLM_USER_FILE),
Kerberos (MIT, KRB5_KTNAME) and TLS client certificates; one GSS context per keep-alive connection, as
WinRM binds authentication to a connection. Unseals multipart/encrypted requests (MS-WSMV 2.2.9.1) and
seals its answers. Answers every SOAP request with an echo of its body. GET /_stats returns what it saw.

Run with Debian's /usr/bin/python3 (python3-gssapi). Configuration: one JSON argument.
"""
import base64
import hashlib
import http.server
import itertools
import json
import os
import re
import socketserver
import ssl
import struct
import sys
import threading

import gssapi
import gssapi.raw as gss_raw
from gssapi.raw import IOV, IOVBufferType

NTLM_OID = gssapi.OID.from_int_seq('1.3.6.1.4.1.311.2.2.10')
KRB5_OID = gssapi.OID.from_int_seq('1.2.840.113554.1.2.2')
SPNEGO_PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted'
KERBEROS_PROTOCOL = 'application/HTTP-Kerberos-session-encrypted'
CERT_AUTHORIZATION = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual'
BOUNDARY = b'--Encrypted Boundary'
NTLM_SIGNATURE_BYTES = 16

CONFIG = json.loads(sys.argv[1])
STATS = {'connections': 0, 'requests': [], 'failures': [], 'handshakes': 0}
STATS_LOCK = threading.Lock()
CONNECTION_IDS = itertools.count(1)


def record(kind, entry):
    with STATS_LOCK:
        STATS[kind].append(entry)


def basic_users():
    users = {}
    path = CONFIG.get('ntlmUserFile')
    if path:
        with open(path, encoding='utf-8') as handle:
            for line in handle:
                parts = line.rstrip('\n').split(':', 2)
                if len(parts) == 3:
                    users[parts[1]] = parts[2]
    return users


def channel_bindings():
    """tls-server-end-point of our own certificate (SHA-256), or a wrong one, or none."""
    mode = CONFIG.get('channelBinding', 'none')
    if not CONFIG.get('tls') or mode == 'none':
        return None
    with open(CONFIG['tls']['cert'], encoding='ascii') as handle:
        der = ssl.PEM_cert_to_DER_cert(handle.read())
    digest = hashlib.sha256(der if mode == 'match' else b'not the certificate').digest()
    return gss_raw.ChannelBindings(application_data=b'tls-server-end-point:' + digest)


def soap_answer(plaintext, user):
    text = plaintext.decode('utf-8')
    action = re.search(r'<(?:\w+:)?Action[^>]*>([^<]*)</(?:\w+:)?Action>', text)
    message_id = re.search(r'<(?:\w+:)?MessageID[^>]*>([^<]*)</(?:\w+:)?MessageID>', text)
    body = re.search(r'<s:Body>(.*)</s:Body>', text, re.S)
    answer = (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:t="urn:psrp-test">'
        '<s:Header><a:Action>%sResponse</a:Action><a:RelatesTo>%s</a:RelatesTo></s:Header>'
        '<s:Body><t:Echo User="%s" Bytes="%d">%s</t:Echo></s:Body></s:Envelope>'
    ) % (
        action.group(1) if action else '',
        message_id.group(1) if message_id else '',
        user.replace('&', '&amp;').replace('"', '&quot;').replace('<', '&lt;'),
        len(plaintext),
        body.group(1) if body else '',
    )
    return answer.encode('utf-8')


def parse_encrypted(body):
    stream_line = b'Content-Type: application/octet-stream\r\n'
    at = body.index(stream_line)
    length = int(re.search(rb'Length=(\d+)', body[:at]).group(1))
    start = at + len(stream_line)
    header_length = struct.unpack('<I', body[start:start + 4])[0]
    header = body[start + 4:start + 4 + header_length]
    data = body[start + 4 + header_length:start + 4 + header_length + length]
    return length, header, data


def encrypted_body(protocol, header, data, length):
    return (
        BOUNDARY + b'\r\n\tContent-Type: ' + protocol.encode() + b'\r\n'
        b'\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=' + str(length).encode() + b'\r\n'
        + BOUNDARY + b'\r\n\tContent-Type: application/octet-stream\r\n'
        + struct.pack('<I', len(header)) + header + data + BOUNDARY + b'--\r\n'
    )


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True

    def setup(self):
        tls = CONFIG.get('tls')
        if tls:
            self.request = SERVER_TLS.wrap_socket(self.request, server_side=True)
        super().setup()
        self.connection_id = next(CONNECTION_IDS)
        with STATS_LOCK:
            STATS['connections'] += 1
        self.context = None
        self.context_scheme = None
        self.user = None
        self.sealing = None

    def log_message(self, format, *args):
        if CONFIG.get('verbose'):
            sys.stderr.write('winrm-endpoint: ' + (format % args) + '\n')

    def respond(self, status, body=b'', headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def challenge(self, token=None, scheme='Negotiate'):
        if token is not None:
            self.respond(401, headers=[('WWW-Authenticate', '%s %s' % (scheme, base64.b64encode(token).decode()))])
        else:
            self.respond(401, headers=[('WWW-Authenticate', 'Negotiate'), ('WWW-Authenticate', 'Kerberos'), ('WWW-Authenticate', 'Basic realm="WSMAN"')])

    def do_GET(self):
        if self.path == '/_stats':
            with STATS_LOCK:
                body = json.dumps(STATS).encode()
            self.respond(200, body, [('Content-Type', 'application/json')])
        else:
            self.respond(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        authorization = self.headers.get('Authorization')
        final_token = None
        if authorization == CERT_AUTHORIZATION:
            peer = self.request.getpeercert() if CONFIG.get('tls') else None
            if not peer:
                record('failures', {'connection': self.connection_id, 'scheme': 'certificate', 'error': 'no client certificate'})
                return self.challenge()
            subject = dict(item for entry in peer['subject'] for item in entry)
            self.user, self.sealing = 'certificate:' + subject.get('commonName', '?'), None
        elif authorization:
            scheme, _, value = authorization.partition(' ')
            if scheme.lower() == 'basic':
                name, _, password = base64.b64decode(value).decode('utf-8').partition(':')
                if basic_users().get(name) != password or name == '':
                    record('failures', {'connection': self.connection_id, 'scheme': 'Basic', 'error': 'bad user or password'})
                    return self.challenge()
                self.user, self.sealing = name, None
            elif scheme.lower() in ('negotiate', 'kerberos'):
                outcome = self.gss_step(scheme, base64.b64decode(value))
                if outcome is None:
                    return
                final_token = outcome
            else:
                return self.challenge()
        elif self.user is None:
            return self.challenge()
        if not body:
            headers = []
            if final_token:
                headers.append(('WWW-Authenticate', '%s %s' % (self.context_scheme, base64.b64encode(final_token).decode())))
            return self.respond(200, b'', headers)
        self.answer(body)

    def gss_step(self, scheme, token):
        """Runs one accept step; answers 401 itself and returns None unless the context completed."""
        if self.context is None or self.context.complete:
            raw_ntlm = token.startswith(b'NTLMSSP\0')
            credentials = gssapi.Credentials(usage='accept', mechs=[NTLM_OID]) if raw_ntlm else None
            self.context = gssapi.SecurityContext(creds=credentials, usage='accept', channel_bindings=channel_bindings())
            self.context_scheme = 'Negotiate' if scheme.lower() == 'negotiate' else 'Kerberos'
            self.user = None
        out = None
        try:
            out = self.context.step(token)
            complete = self.context.complete
        except gssapi.exceptions.GSSError as error:
            # python-gssapi keeps an error that came with an output token (SPNEGO's reject) until the next
            # call; either way the client gets a 401, with the reject token when there is one, as Windows does.
            record('failures', {'connection': self.connection_id, 'scheme': scheme, 'error': error.gen_message()})
            self.context = None
            value = self.context_scheme + (' ' + base64.b64encode(out).decode() if out else '')
            self.respond(401, headers=[('WWW-Authenticate', value)])
            return None
        if not complete:
            self.challenge(out, self.context_scheme)
            return None
        with STATS_LOCK:
            STATS['handshakes'] += 1
        self.user = str(self.context.initiator_name).rstrip('\x00')
        mech = self.context.mech
        self.sealing = 'kerberos' if mech == KRB5_OID else 'ntlm'
        return out or b''

    def answer(self, body):
        content_type = self.headers.get('Content-Type', '')
        sealed = content_type.startswith('multipart/encrypted')
        entry = {
            'connection': self.connection_id,
            'user': self.user,
            'sealed': sealed,
            'contentType': content_type,
            'plaintextOnWire': b'<s:Envelope' in body,
        }
        if sealed:
            protocol = re.search(r'protocol="([^"]+)"', content_type).group(1)
            expected = KERBEROS_PROTOCOL if self.context_scheme == 'Kerberos' else SPNEGO_PROTOCOL
            if self.sealing is None or protocol != expected:
                record('failures', {'connection': self.connection_id, 'scheme': 'seal', 'error': 'unexpected protocol ' + protocol})
                return self.respond(400)
            try:
                plaintext = self.unseal(body)
            except Exception as error:  # noqa: BLE001 - any unseal failure is the client's fault here
                record('failures', {'connection': self.connection_id, 'scheme': 'unseal', 'error': str(error)})
                self.context = None
                self.user = None
                return self.respond(401, headers=[('WWW-Authenticate', 'Negotiate')])
        else:
            if self.sealing is not None and not CONFIG.get('tls') and not CONFIG.get('allowUnencrypted'):
                record('failures', {'connection': self.connection_id, 'scheme': 'seal', 'error': 'unencrypted request refused'})
                return self.respond(400, b'unencrypted traffic is not allowed', [('Content-Type', 'text/plain')])
            plaintext = body
        action = re.search(rb'<(?:\w+:)?Action[^>]*>([^<]*)</(?:\w+:)?Action>', plaintext)
        entry['action'] = action.group(1).decode() if action else ''
        record('requests', entry)
        answer = soap_answer(plaintext, self.user)
        if sealed:
            header, data = self.seal(answer)
            protocol = KERBEROS_PROTOCOL if self.context_scheme == 'Kerberos' else SPNEGO_PROTOCOL
            content = 'multipart/encrypted;protocol="%s";boundary="Encrypted Boundary"' % protocol
            return self.respond(200, encrypted_body(protocol, header, data, len(answer)), [('Content-Type', content)])
        self.respond(200, answer, [('Content-Type', 'application/soap+xml;charset=UTF-8')])

    def unseal(self, body):
        length, header, data = parse_encrypted(body)
        if self.sealing == 'ntlm':
            # gss-ntlmssp has no wrap_iov: its gss_wrap token is the 16-byte signature, then the sealed data.
            plaintext = self.context.unwrap(header + data).message
        else:
            iov = IOV((IOVBufferType.header, False, header), data, std_layout=False)
            gss_raw.unwrap_iov(self.context, iov)
            plaintext = iov[1].value
        if len(plaintext) != length:
            raise ValueError('length mismatch')
        return plaintext

    def seal(self, plaintext):
        if self.sealing == 'ntlm':
            token = self.context.wrap(plaintext, True).message
            return token[:NTLM_SIGNATURE_BYTES], token[NTLM_SIGNATURE_BYTES:]
        iov = IOV(IOVBufferType.header, plaintext, IOVBufferType.padding, std_layout=False)
        gss_raw.wrap_iov(self.context, iov, confidential=True)
        return iov[0].value, iov[1].value + (iov[2].value or b'')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


SERVER_TLS = None
if CONFIG.get('tls'):
    SERVER_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    SERVER_TLS.load_cert_chain(CONFIG['tls']['cert'], CONFIG['tls']['key'])
    if CONFIG['tls'].get('clientCa'):
        SERVER_TLS.load_verify_locations(CONFIG['tls']['clientCa'])
        SERVER_TLS.verify_mode = ssl.CERT_OPTIONAL

def exit_with_parent():
    # The launcher holds our stdin open; when it goes away (even killed), so do we.
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_with_parent, daemon=True).start()
server = Server((CONFIG.get('host', '127.0.0.1'), CONFIG.get('port', 0)), Handler)
print(json.dumps({'ready': True, 'port': server.server_address[1]}), flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
