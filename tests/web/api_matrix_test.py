"""The dashboard's JSON API without a browser, against a real server.

Every read call answers what the gRPC API answers for the same caller and
request (the same message in the same JSON mapping, or the same refusal:
code, HTTP status and message); the role and scope matrix holds; bad input
is refused with the right status and a message naming what was wrong;
sessions start, work and end; the lookup is public and rate limited; every
answer carries the security headers.
"""

import calendar
import copy
import json
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import web_testing as wt

ARGS = wt.parse_args()
HTTP_OF = {'INVALID_ARGUMENT': 400, 'FAILED_PRECONDITION': 400,
           'OUT_OF_RANGE': 400, 'UNAUTHENTICATED': 401,
           'PERMISSION_DENIED': 403, 'NOT_FOUND': 404, 'ALREADY_EXISTS': 409,
           'ABORTED': 409, 'RESOURCE_EXHAUSTED': 429, 'CANCELLED': 499,
           'UNIMPLEMENTED': 501, 'UNAVAILABLE': 503, 'DEADLINE_EXCEEDED': 504,
           'INTERNAL': 500, 'UNKNOWN': 500, 'DATA_LOSS': 500}
LOOKUPS_PER_MINUTE = 5
DESK_SCOPE = {'kind': 'AGENCY', 'code': wt.DESK_AGENCY}
OTHER_AGENCY = {'kind': 'AGENCY', 'code': 'H29.10'}  # a province's Sở


def setUpModule():
    global W, ACCESS_LOG
    ACCESS_LOG = tempfile.mktemp(prefix='motcua-web-access-')
    W = wt.World(ARGS, ['--lookups_per_minute_per_address=%d' %
                        LOOKUPS_PER_MINUTE, '--lookups_per_hour_per_code=1000',
                        '--access_log=' + ACCESS_LOG])


def tearDownModule():
    W.close()
    if os.path.exists(ACCESS_LOG):
        os.remove(ACCESS_LOG)


def report(scope, breakdown='FIELD'):
    return {'scope': scope, 'period': wt.PERIOD_2025, 'breakdown': breakdown}


# Calls whose answer is as of the instant asked (the warnings: as_of, the
# due-soon window and each working time left move with the clock).
AS_OF_NOW = {'StatisticsService/ListDeadlineWarnings'}


def timestamp(text):
    """An RFC 3339 UTC timestamp as (seconds, nanoseconds), comparable."""
    whole, _, fraction = text.rstrip('Z').partition('.')
    return (calendar.timegm(time.strptime(whole, '%Y-%m-%dT%H:%M:%S')),
            int((fraction + '000000000')[:9]))


def seconds(duration):
    return float(duration.rstrip('s'))


def clocked_fields(answer):
    """The warnings' fields that move with the clock: (holder, key, kind)."""
    fields = [(answer, 'asOf', 'instant'), (answer, 'window', 'duration')]
    for kind in ('dossiers', 'steps'):
        for w in answer.get(kind, []):
            fields.append((w['deadline'], 'workingTimeLeft', 'duration'))
    return fields


def without_clock(answer):
    answer = copy.deepcopy(answer)
    for holder, key, _ in clocked_fields(answer):
        holder.pop(key, None)
    return answer


class ReadCallsAnswerAsGrpc(unittest.TestCase):
    def assertAskedBetween(self, earlier, json_answer, later):
        """The JSON answer, asked between two equal gRPC answers, is theirs:
        its instant lies between theirs, each working time between theirs
        (working time left only shrinks as the clock runs), and every other
        field is the same."""
        self.assertEqual(without_clock(json_answer), without_clock(earlier))
        for (e, key, kind), (j, _, _), (l, _, _) in zip(
                clocked_fields(earlier), clocked_fields(json_answer),
                clocked_fields(later)):
            of = timestamp if kind == 'instant' else seconds
            first, middle, last = of(e[key]), of(j[key]), of(l[key])
            if kind == 'instant':
                self.assertTrue(first <= middle <= last, (key, e, j, l))
            else:
                self.assertTrue(first >= middle >= last, (key, e, j, l))

    def assertSameAnswer(self, token, method, request):
        """Asks both transports; returns the HTTP status."""
        for _ in range(3):
            ok, grpc = W.grpc_call(token, method, request)
            r = W.api(method, request, token=token)
            if ok and r.status == 200 and method in AS_OF_NOW:
                later_ok, later = W.grpc_call(token, method, request)
                self.assertTrue(later_ok, later)
                if without_clock(grpc) != without_clock(later):
                    continue  # a dossier fell due in between: ask again
                self.assertAskedBetween(grpc, r.json(), later)
            elif ok:
                self.assertEqual(r.status, 200, r.body)
                self.assertEqual(r.json(), grpc)
            else:
                code, message = grpc.split(': ', 1)
                self.assertEqual(r.status, HTTP_OF[code], r.body)
                if not token:
                    # No credentials at all: each transport names its own
                    # (gRPC metadata; a cookie or an Authorization header).
                    message = ('sign in first: no session cookie and no '
                               'Authorization header')
                self.assertEqual(r.json(), {'error': {
                    'code': HTTP_OF[code], 'status': code,
                    'message': message}})
            break
        else:
            self.fail('%s changed between every two gRPC answers' % method)
        self.assertEqual(r.headers['Content-Type'], 'application/json')
        self.assertEqual(r.headers['Cache-Control'], 'no-store')
        return r.status

    def test_role_and_scope_matrix(self):
        own, other = wt.OWN_DISTRICT, wt.OTHER_DISTRICT
        province = {'kind': 'PROVINCE', 'code': '42'}
        tokens = {'admin': W.admin, 'viewer-436': W.viewer,
                  'viewer-440': W.viewer_440, 'viewer-42': W.viewer_42,
                  'desk': W.desk, 'none': '', 'forged': 'mc_forged'}
        calls = {
            'report-436': ('StatisticsService/GetReport', report(own)),
            'report-436-units': ('StatisticsService/GetReport',
                                 report(own, 'CHILD_UNIT')),
            'report-440': ('StatisticsService/GetReport', report(other)),
            'report-42': ('StatisticsService/GetReport', report(province)),
            'rates-436': ('StatisticsService/GetRates',
                          {'scope': own, 'period': wt.PERIOD_2025,
                           'monthly': True}),
            'ratios-440': ('StatisticsService/GetOnlineProcedureRatios',
                           {'scope': other, 'asOf': {'year': 2025,
                                                     'month': 6, 'day': 1}}),
            'cell-436': ('StatisticsService/ListReportDossiers',
                         dict(report(own), row='HOTICH',
                              column='resolved_late', pageSize=5)),
            'cell-440': ('StatisticsService/ListReportDossiers',
                         dict(report(other), row='',
                              column='received_total', pageSize=5)),
            'cell-bogus': ('StatisticsService/ListReportDossiers',
                           dict(report(own), column='colour')),
            'dossier': ('DossierService/GetDossier', {'code': W.script_code}),
            'list-436': ('DossierService/ListDossiers',
                         {'scope': own, 'pageSize': 5}),
            'warnings-436': ('StatisticsService/ListDeadlineWarnings',
                             {'scope': own}),
            'warnings-desk': ('StatisticsService/ListDeadlineWarnings',
                              {'scope': DESK_SCOPE, 'within': '144000s'}),
            'warnings-other-agency': ('StatisticsService/ListDeadlineWarnings',
                                      {'scope': OTHER_AGENCY}),
            'warnings-zero-within': ('StatisticsService/ListDeadlineWarnings',
                                     {'scope': own, 'within': '0s'}),
            'warnings-long-within': ('StatisticsService/ListDeadlineWarnings',
                                     {'scope': DESK_SCOPE,
                                      'within': '720001s'}),
            'units': ('CatalogueService/ListUnits', {}),
            'unit-436': ('CatalogueService/GetUnit', {'code': '436'}),
        }
        # What each role may do (HTTP status), as the access rules say.
        expected = {
            ('viewer-436', 'report-436'): 200,
            ('viewer-436', 'report-436-units'): 200,
            ('viewer-436', 'report-440'): 403,
            ('viewer-436', 'report-42'): 403,
            ('viewer-436', 'ratios-440'): 403,
            ('viewer-436', 'cell-436'): 200,
            ('viewer-436', 'cell-440'): 403,
            ('viewer-436', 'cell-bogus'): 400,
            ('viewer-440', 'cell-440'): 200,
            ('viewer-42', 'cell-436'): 200,
            ('viewer-436', 'dossier'): 200,
            ('viewer-436', 'list-436'): 200,
            ('viewer-436', 'units'): 200,
            ('viewer-440', 'report-436'): 403,
            ('viewer-440', 'report-440'): 200,
            ('viewer-440', 'dossier'): 403,
            ('viewer-42', 'report-436'): 200,
            ('viewer-42', 'report-42'): 200,
            ('admin', 'report-42'): 200,
            ('admin', 'dossier'): 200,
            ('desk', 'dossier'): 200,
            ('viewer-436', 'warnings-436'): 200,
            ('viewer-436', 'warnings-desk'): 200,
            ('viewer-436', 'warnings-other-agency'): 403,
            ('viewer-436', 'warnings-zero-within'): 400,
            ('viewer-440', 'warnings-436'): 403,
            ('viewer-42', 'warnings-436'): 200,
            ('admin', 'warnings-other-agency'): 200,
            ('desk', 'warnings-desk'): 200,
            ('desk', 'warnings-long-within'): 400,
            ('desk', 'warnings-436'): 403,
            ('desk', 'warnings-other-agency'): 403,
            ('none', 'warnings-desk'): 401,
            ('forged', 'warnings-436'): 401,
            ('none', 'report-436'): 401,
            ('none', 'units'): 401,
            ('forged', 'report-436'): 401,
        }
        seen = {}
        for who, token in tokens.items():
            for name, (method, request) in calls.items():
                with self.subTest(who=who, call=name):
                    seen[(who, name)] = self.assertSameAnswer(token, method,
                                                              request)
        for cell, status in expected.items():
            self.assertEqual(seen[cell], status, cell)

    def test_personal_data_only_for_roles_that_may_see_it(self):
        request = {'code': W.script_code}
        viewer = W.api('DossierService/GetDossier', request, token=W.viewer)
        desk = W.api('DossierService/GetDossier', request, token=W.desk)
        self.assertEqual(viewer.status, 200)
        self.assertNotIn('applicant', viewer.json()['dossier'])
        self.assertNotIn('042190005678', viewer.body)
        self.assertEqual(desk.json()['dossier']['applicant']['name'],
                         wt.SCRIPT_NAME)
        # The warnings show the dossier as the listings do. The markup
        # dossier (5 working days) is due within 200 working hours.
        warnings = {'scope': DESK_SCOPE, 'within': '720000s'}
        for token, applicant in [(W.viewer, None), (W.desk, wt.SCRIPT_NAME)]:
            r = W.api('StatisticsService/ListDeadlineWarnings', warnings,
                      token=token)
            self.assertEqual(r.status, 200, r.body)
            mine = [w for w in r.json()['dossiers']
                    if w['dossier']['code'] == W.script_code]
            self.assertEqual(len(mine), 1)
            self.assertEqual(mine[0]['deadline']['urgency'], 'DUE_SOON')
            self.assertEqual(
                mine[0]['dossier'].get('applicant', {}).get('name'), applicant)
            if applicant is None:
                self.assertNotIn(wt.ID_NUMBER, r.body)

    def test_warnings_refusals_name_what_was_wrong(self):
        path = 'StatisticsService/ListDeadlineWarnings'
        for token, request, status, words in [
                (W.viewer, {'scope': wt.OWN_DISTRICT, 'within': '0s'}, 400,
                 'within'),
                (W.viewer, {'scope': wt.OWN_DISTRICT, 'within': '-60s'}, 400,
                 'within'),
                (W.desk, {'scope': DESK_SCOPE, 'within': '3600000s'}, 400,
                 'within'),
                (W.viewer, {'scope': wt.OWN_DISTRICT, 'within': 'soon'}, 400,
                 'within'),
                (W.desk, {'scope': OTHER_AGENCY}, 403, ''),
                (None, {'scope': DESK_SCOPE}, 401, 'sign in')]:
            with self.subTest(request=request, status=status):
                r = W.api(path, request, token=token)
                self.assertEqual(r.status, status, r.body)
                self.assertIn(words, r.json()['error']['message'])


class BadInputIsRefusedAndNamed(unittest.TestCase):
    def test_bad_requests(self):
        path = '/api/v1/StatisticsService/GetReport'
        auth = {'Authorization': 'Bearer ' + W.viewer}
        cases = [
            # (content type, body, status, words the message must hold)
            ('text/plain', b'{}', 400, 'application/json'),
            ('application/x-www-form-urlencoded', b'a=1', 400,
             'application/json'),
            ('application/json', b'{not json', 400,
             'motcua.v1.GetReportRequest'),
            ('application/json', b'{"colour": 1}', 400, 'colour'),
            ('application/json',
             b'{"scope": {"kind": "DISTRICT", "code": "436"}, '
             b'"period": {"from": {"year": 2025, "month": 13, "day": 1}, '
             b'"to": {"year": 2025, "month": 12, "day": 31}}}', 400,
             'period.from'),
        ]
        for content_type, body, status, words in cases:
            with self.subTest(body=body):
                r = W.request('POST', path, raw=body, headers=dict(
                    auth, **{'Content-Type': content_type}))
                self.assertEqual(r.status, status, r.body)
                self.assertEqual(r.json()['error']['code'], status)
                self.assertIn(words, r.json()['error']['message'])

    def test_unknown_calls_and_methods(self):
        for method, path in [('POST', '/api/v1/StatisticsService/Nothing'),
                             ('GET', '/api/v1/StatisticsService/GetReport'),
                             ('POST', '/api/v2/session')]:
            with self.subTest(path=path):
                r = W.request(method, path, body={} if method == 'POST'
                              else None)
                self.assertEqual(r.status, 404)
                self.assertEqual(r.json()['error']['status'], 'NOT_FOUND')
                self.assertIn(path, r.json()['error']['message'])


class Sessions(unittest.TestCase):
    def test_sign_in_use_and_sign_out(self):
        bad = W.request('POST', '/api/v1/session', {'token': 'mc_nobody'})
        self.assertEqual(bad.status, 401)
        self.assertNotIn('Set-Cookie', bad.headers)
        missing = W.request('POST', '/api/v1/session', {'secret': W.viewer})
        self.assertEqual(missing.status, 400)
        self.assertIn('token', missing.json()['error']['message'])
        form = W.request('POST', '/api/v1/session',
                         raw=('token=' + W.viewer).encode(),
                         headers={'Content-Type':
                                  'application/x-www-form-urlencoded'})
        self.assertEqual(form.status, 400)  # what a cross-site form sends

        r = W.request('POST', '/api/v1/session', {'token': W.viewer})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()['principal'], 'viewer-436')
        self.assertEqual(r.json()['role'], 'VIEWER')
        self.assertNotIn(W.viewer, r.body)
        attributes = [a.strip() for a in r.headers['Set-Cookie'].split(';')]
        self.assertIn('HttpOnly', attributes)
        self.assertIn('SameSite=Strict', attributes)
        self.assertIn('Path=/', attributes)
        self.assertNotIn('Secure', attributes)  # plain HTTP on loopback
        max_age = [a for a in attributes if a.startswith('Max-Age=')]
        self.assertTrue(0 < int(max_age[0].split('=')[1]) <= 8 * 3600)
        cookie = attributes[0].split('=', 1)[1]
        self.assertNotIn(W.viewer, cookie)

        who = W.request('GET', '/api/v1/session',
                        headers={'Cookie': 'motcua_session=' + cookie})
        self.assertEqual(who.json()['unit'], wt.OWN_DISTRICT)
        read = W.api('StatisticsService/GetReport', report(wt.OWN_DISTRICT),
                     cookie=cookie)
        self.assertEqual(read.status, 200)
        refused = W.api('StatisticsService/GetReport',
                        report(wt.OTHER_DISTRICT), cookie=cookie)
        self.assertEqual(refused.status, 403)

        # Sign-out is state-changing: JSON only.
        plain = W.request('DELETE', '/api/v1/session', raw=b'',
                          headers={'Cookie': 'motcua_session=' + cookie,
                                   'Content-Type': 'text/plain'})
        self.assertEqual(plain.status, 400)
        self.assertEqual(W.api('StatisticsService/GetReport',
                               report(wt.OWN_DISTRICT), cookie=cookie).status,
                         200)
        out = W.request('DELETE', '/api/v1/session', {},
                        headers={'Cookie': 'motcua_session=' + cookie})
        self.assertEqual(out.status, 200)
        self.assertIn('Max-Age=0', out.headers['Set-Cookie'])
        after = W.api('StatisticsService/GetReport', report(wt.OWN_DISTRICT),
                      cookie=cookie)
        self.assertEqual(after.status, 401)
        self.assertIn('session', after.json()['error']['message'])

    def test_a_made_up_cookie_is_refused(self):
        r = W.api('StatisticsService/GetReport', report(wt.OWN_DISTRICT),
                  cookie='A' * 43)
        self.assertEqual(r.status, 401)


class PublicLookup(unittest.TestCase):
    def test_public_and_rate_limited_per_address(self):
        request = {'code': W.script_code,
                   'applicantIdNumber': wt.ID_NUMBER}
        path = '/api/v1/DossierService/LookupDossierStatus'
        first = W.request('POST', path, request)
        self.assertEqual(first.status, 200, first.body)
        self.assertEqual(first.json()['code'], W.script_code)
        self.assertEqual(first.json()['status'], 'PROCESSING')
        wrong = W.request('POST', path, dict(request,
                                             applicantIdNumber='000000000000'))
        self.assertEqual(wrong.status, 404, wrong.body)
        # The same budget as gRPC's lookup from this address: the rest of it.
        statuses = [W.request('POST', path, request).status
                    for _ in range(LOOKUPS_PER_MINUTE)]
        self.assertIn(429, statuses)
        self.assertEqual(statuses.count(200), LOOKUPS_PER_MINUTE - 2)
        ok, grpc = W.grpc_call('', 'DossierService/LookupDossierStatus',
                               request)
        self.assertFalse(ok)
        self.assertTrue(grpc.startswith('RESOURCE_EXHAUSTED'), grpc)
        limited = W.request('POST', path, request)
        self.assertEqual(limited.json()['error']['status'],
                         'RESOURCE_EXHAUSTED')


class AccessLog(unittest.TestCase):
    def test_one_line_per_request_without_tokens_or_bodies(self):
        W.api('StatisticsService/GetReport', report(wt.OTHER_DISTRICT),
              token=W.viewer)
        W.request('POST', '/api/v1/session', {'token': W.viewer})
        W.api('DossierService/GetDossier', {'code': W.script_code},
              token=W.desk)
        with open(ACCESS_LOG) as f:
            lines = f.read().splitlines()
        self.assertTrue(any(
            ' POST:/api/v1/StatisticsService/GetReport principal=viewer-436 '
            'code=PERMISSION_DENIED ' in line for line in lines), lines[-5:])
        self.assertTrue(any(
            ' POST:/api/v1/session principal=viewer-436 code=OK ' in line
            for line in lines), lines[-5:])
        text = '\n'.join(lines)
        for secret in [W.viewer, W.desk, W.admin, wt.ID_NUMBER, 'xss = 1',
                       'xss%20=%201', 'onerror']:
            self.assertNotIn(secret, text)


class Metrics(unittest.TestCase):
    def test_answers_are_counted_by_route_and_status(self):
        def count(series):
            for line in W.request('GET', '/metrics').body.splitlines():
                if line.startswith(series + ' '):
                    return float(line.split()[-1])
            return 0.0
        refused = ('motcua_http_requests_total{code="403",'
                   'route="/api/v1/StatisticsService/GetRates"}')
        other = 'motcua_http_requests_total{code="404",route="other"}'
        before = count(refused), count(other)
        W.api('StatisticsService/GetRates',
              {'scope': wt.OTHER_DISTRICT, 'period': wt.PERIOD_2025},
              token=W.viewer)
        W.request('POST', '/api/v1/made/up/' + 'x' * 40, {})
        self.assertEqual(count(refused), before[0] + 1)
        self.assertEqual(count(other), before[1] + 1)
        self.assertNotIn('made/up', W.request('GET', '/metrics').body)


class SecurityHeaders(unittest.TestCase):
    def test_every_answer_carries_them(self):
        for method, path, body in [('GET', '/', None),
                                   ('GET', '/tong-quan.html', None),
                                   ('GET', '/common.js', None),
                                   ('GET', '/vendor/chart.js', None),
                                   ('GET', '/api/v1/session', None),
                                   ('POST', '/api/v1/session', {'token': 'x'})]:
            with self.subTest(path=path):
                r = W.request(method, path, body)
                csp = r.headers['Content-Security-Policy']
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn('unsafe-inline', csp)
                self.assertNotIn('unsafe-eval', csp)
                self.assertEqual(r.headers['X-Content-Type-Options'],
                                 'nosniff')
                if path.startswith('/api/'):
                    self.assertEqual(r.headers['Cache-Control'], 'no-store')

    def test_pages_have_no_inline_script_and_no_foreign_origin(self):
        for page in ['/', '/tong-quan.html', '/bao-cao.html', '/ho-so.html',
                     '/tra-cuu.html', '/canh-bao.html', '/danh-sach.html']:
            with self.subTest(page=page):
                html = W.request('GET', page).body
                self.assertNotIn('<script>', html)
                self.assertNotIn('http://', html)
                self.assertNotIn('https://', html)
                self.assertNotIn(' on', html.replace(' one', ''))  # onload=

    def test_only_shipped_files_are_served(self):
        for path in ['/../CMakeLists.txt', '/%2e%2e/server/app.cc',
                     '/web/index.html', '/nothing.html']:
            with self.subTest(path=path):
                self.assertEqual(W.request('GET', path).status, 404)


class Https(unittest.TestCase):
    """With --tls_cert and --tls_key the dashboard is HTTPS only, and its
    cookie is Secure."""

    def test_tls_listener_and_secure_cookie(self):
        folder = tempfile.mkdtemp(prefix='motcua-web-tls-')
        self.addCleanup(shutil.rmtree, folder, True)
        cert, key = (os.path.join(folder, n) for n in ('cert.pem', 'key.pem'))
        subprocess.run(['/usr/bin/openssl', 'req', '-x509', '-newkey',
                        'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                        '-days', '1', '-subj', '/CN=localhost', '-addext',
                        'subjectAltName=IP:127.0.0.1'], check=True,
                       capture_output=True)
        data = os.path.join(folder, 'data')
        server = wt.Server(ARGS, data, folder, [
            '--tls_cert=' + cert, '--tls_key=' + key, '--access_log=off',
            '--calendar_dir=' + os.path.join(ARGS.data, 'calendar')])
        self.addCleanup(server.close)
        with open(os.path.join(data, 'initial-admin-token')) as f:
            admin = f.read().strip()
        request = urllib.request.Request(
            'https://%s/api/v1/session' % server.http,
            data=json.dumps({'token': admin}).encode(),
            headers={'Content-Type': 'application/json'}, method='POST')
        context = ssl.create_default_context(cafile=cert)
        with urllib.request.urlopen(request, context=context,
                                    timeout=30) as r:
            self.assertEqual(r.status, 200)
            attributes = [a.strip() for a in
                          r.headers['Set-Cookie'].split(';')]
        self.assertIn('Secure', attributes)
        self.assertIn('HttpOnly', attributes)
        with self.assertRaises((urllib.error.URLError, ConnectionError,
                                OSError)):
            urllib.request.urlopen('http://%s/' % server.http, timeout=10)


class StartChecks(unittest.TestCase):
    def test_a_web_dir_without_pages_stops_the_start(self):
        folder = tempfile.mkdtemp(prefix='motcua-web-start-')
        self.addCleanup(shutil.rmtree, folder, True)
        empty = os.path.join(folder, 'empty')
        os.makedirs(empty)
        for web_dir, words in [(os.path.join(folder, 'nowhere'),
                                'cannot read the web folder'),
                               (empty, 'has no index.html')]:
            with self.subTest(web_dir=web_dir):
                r = subprocess.run(
                    [ARGS.server, '--listen=127.0.0.1:0',
                     '--data_dir=' + os.path.join(folder, 'data'),
                     '--http_listen=127.0.0.1:0', '--web_dir=' + web_dir,
                     '--calendar_dir=' + os.path.join(ARGS.data, 'calendar')],
                    capture_output=True, text=True, timeout=60)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn(words, r.stdout + r.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
