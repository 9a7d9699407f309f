"""A real motcua-server with its dashboard, for the web tests.

World() builds a store of known histories (motcua-bulkgen, a fixed seed),
starts motcua-server on 127.0.0.1 with port 0 for gRPC and HTTP, creates
tokens through the CLI and receives one dossier whose applicant name and
note are markup. Figures "from the gRPC API" come from motcua-grpc-json,
which prints gRPC answers in the same JSON mapping the JSON API uses.
"""

import argparse
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SCRIPT_NAME = '<script>window.__xss = 1</script>'
SCRIPT_NOTE = '<img src=x onerror="window.__xss = 2">'
# The desk's principal name, recorded in every event it makes: what a
# VIEWER (who sees no applicant and no notes) sees of it.
SCRIPT_PRINCIPAL = 'desk <b>18070</b><script>window.__xss = 3</script>'
ID_NUMBER = '042190005678'
DESK_AGENCY = 'H29.18070'  # a commune agency of district 436
OWN_DISTRICT = {'kind': 'DISTRICT', 'code': '436'}
OTHER_DISTRICT = {'kind': 'DISTRICT', 'code': '440'}
YEAR = 2025
PERIOD_2025 = {'from': {'year': YEAR, 'month': 1, 'day': 1},
               'to': {'year': YEAR, 'month': 12, 'day': 31}}


def parse_args():
    p = argparse.ArgumentParser()
    for name in ('server', 'cli', 'bulkgen', 'grpc-json', 'data', 'web',
                 'out'):
        p.add_argument('--' + name, required=True)
    args, rest = p.parse_known_args()
    sys.argv[1:] = rest  # what is left is unittest's
    return args


class Answer:
    def __init__(self, status, body, headers):
        self.status = status
        self.body = body
        self.headers = headers

    def json(self):
        return json.loads(self.body)


class Server:
    """motcua-server on 127.0.0.1, port 0 for gRPC and HTTP, with the
    dashboard, its output in `folder`/server.out."""

    def __init__(self, args, data, folder, flags):
        self.out = open(os.path.join(folder, 'server.out'), 'w+')
        self.process = subprocess.Popen(
            [args.server, '--listen=127.0.0.1:0', '--data_dir=' + data,
             '--http_listen=127.0.0.1:0', '--web_dir=' + args.web] + flags,
            stdout=self.out, stderr=subprocess.STDOUT)
        self.grpc = self.http = None
        deadline = time.time() + 30
        while time.time() < deadline and not (self.grpc and self.http):
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
            self.out.seek(0)
            for line in self.out.read().splitlines():
                if line.startswith('motcua-server listening on '):
                    self.grpc = line.split()[-1]
                if line.startswith('motcua-server http on '):
                    self.http = line.split()[-1]
        if not (self.grpc and self.http):
            self.out.seek(0)
            output = self.out.read()
            self.close()
            raise RuntimeError('server did not start:\n' + output)

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.out.close()


class World:
    def __init__(self, args, extra_flags=()):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix='motcua-web-')
        data = os.path.join(self.dir, 'data')
        os.makedirs(data, mode=0o700)
        admin_file = os.path.join(self.dir, 'admin-token')
        self._run([args.bulkgen, '--data_dir=' + data, '--dossiers=3000',
                   '--from=2025-01-01', '--to=2026-10-31', '--seed=7',
                   '--calendar_dir=' + os.path.join(args.data, 'calendar'),
                   '--catalogue=' + os.path.join(args.data, 'demo',
                                                 'catalogue.json'),
                   '--admin_token_file=' + admin_file])
        with open(admin_file) as f:
            self.admin = f.read().strip()
        flags = list(extra_flags)
        if not any(f.startswith('--access_log') for f in flags):
            flags.append('--access_log=off')
        self.server = Server(args, data, self.dir, flags)
        self.grpc, self.http = self.server.grpc, self.server.http
        self.base = 'http://' + self.http
        self.viewer = self.token('viewer-436', 'VIEWER', '--unit=district:436')
        self.viewer_440 = self.token('viewer-440', 'VIEWER',
                                     '--unit=district:440')
        self.viewer_42 = self.token('viewer-42', 'VIEWER',
                                    '--unit=province:42')
        self.desk = self.token(SCRIPT_PRINCIPAL, 'DESK',
                               '--agency=' + DESK_AGENCY)
        receipt = json.loads(self.cli(
            self.desk, '--json', 'dossier', 'receive', '--agency=' + DESK_AGENCY,
            '--procedure=1.000894', '--name=' + SCRIPT_NAME,
            '--id-number=' + ID_NUMBER))
        self.script_code = receipt['dossier']['code']
        self.cli(self.desk, 'dossier', 'status', self.script_code,
                 'PROCESSING', '--note=' + SCRIPT_NOTE)

    def close(self):
        self.server.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @staticmethod
    def _run(argv, env=None):
        r = subprocess.run(argv, capture_output=True, text=True, env=env,
                           timeout=120)
        if r.returncode != 0:
            raise RuntimeError('%s failed (%d): %s %s' % (
                argv[0], r.returncode, r.stdout, r.stderr))
        return r.stdout

    def cli(self, token, *args):
        env = dict(os.environ, MOTCUA_ADDR=self.grpc, MOTCUA_TOKEN=token)
        return self._run([self.args.cli] + list(args), env)

    def token(self, name, role, *flags):
        out = self.cli(self.admin, 'token', 'create', '--principal=' + name,
                       '--role=' + role, *flags)
        marker = 'secret (shown once): '
        return out[out.index(marker) + len(marker):].split()[0]

    def grpc_call(self, token, method, request):
        """(True, answer dict) or (False, "CODE: message") from gRPC."""
        r = subprocess.run([self.args.grpc_json, self.grpc, token, method,
                            json.dumps(request)], capture_output=True,
                           text=True, timeout=60)
        if r.returncode == 0:
            return True, json.loads(r.stdout)
        if r.returncode == 1:
            return False, r.stdout.strip()
        raise RuntimeError(r.stderr)

    def request(self, method, path, body=None, headers=None, raw=None):
        """One HTTP request to the dashboard; never raises on a status."""
        data = raw if raw is not None else (
            None if body is None else json.dumps(body).encode())
        h = dict(headers or {})
        if body is not None and 'Content-Type' not in h:
            h['Content-Type'] = 'application/json'
        req = urllib.request.Request(self.base + path, data=data, headers=h,
                                     method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return Answer(r.status, r.read().decode(), r.headers)
        except urllib.error.HTTPError as e:
            return Answer(e.code, e.read().decode(), e.headers)

    def api(self, method, request, token=None, cookie=None):
        headers = {}
        if token:
            headers['Authorization'] = 'Bearer ' + token
        if cookie is not None:
            headers['Cookie'] = 'motcua_session=' + cookie
        return self.request('POST', '/api/v1/' + method, request, headers)

    def sign_in(self, token):
        """The session cookie's value for `token`."""
        r = self.request('POST', '/api/v1/session', {'token': token})
        if r.status != 200:
            raise RuntimeError('sign-in: %d %s' % (r.status, r.body))
        cookie = r.headers['Set-Cookie']
        return cookie.split(';')[0].split('=', 1)[1]


def percent(numerator, denominator):
    """The dashboard's "97,53%" (two decimals, half up) or "chưa có dữ liệu"."""
    num, den = int(numerator), int(denominator)
    if den <= 0:
        return 'chưa có dữ liệu'
    hundredths = (2 * num * 10000 + den) // (2 * den)
    return '%s,%02d%%' % (thousands(hundredths // 100), hundredths % 100)


def thousands(n):
    """1234567 as Vietnamese write it: "1.234.567"."""
    return '{:,}'.format(int(n)).replace(',', '.')
