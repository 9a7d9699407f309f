"""The dashboard in headless Chromium against a real server.

Signed in as a district VIEWER, the pages show exactly the figures the gRPC
API answers; another district's figures are refused through the page and
the JSON API; markup in a dossier renders as text with no console errors;
after sign-out the old cookie is refused. The public lookup page works
without sign-in, under its rate limit. Each page is saved as a screenshot
under the build folder (web-screenshots/).
"""

import csv
import glob
import io
import json
import os
import re
import shutil
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import web_testing as wt

ARGS = wt.parse_args()
LOOKUPS_PER_MINUTE = 4
FORM06_FIELDS = [
    'receivedTotal', 'receivedOnline', 'receivedDirectPostal', 'carriedOver',
    'resolvedTotal', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate',
    'inProgressTotal', 'inProgressWithinTime', 'inProgressOverdue',
    'awaitingSupplement', 'withdrawn', 'notAccepted', 'lateWithApology']


def setUpModule():
    global W, B, DOWNLOADS
    os.makedirs(ARGS.out, exist_ok=True)
    W = wt.World(ARGS, ['--lookups_per_minute_per_address=%d' %
                        LOOKUPS_PER_MINUTE, '--lookups_per_hour_per_code=1000'])
    DOWNLOADS = tempfile.mkdtemp(prefix='motcua-downloads-')
    # Chromium leaves scratch folders in TMPDIR: keep them in ours.
    scratch = os.path.join(DOWNLOADS, 'tmp')
    os.makedirs(scratch)
    options = webdriver.ChromeOptions()
    options.binary_location = '/usr/bin/chromium'
    for flag in ['--headless', '--no-sandbox', '--disable-gpu',
                 '--disable-background-networking',
                 '--disable-component-update', '--disable-dev-shm-usage',
                 '--window-size=1280,1000', '--lang=vi']:
        options.add_argument(flag)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    B = webdriver.Chrome(
        service=Service('/usr/bin/chromedriver',
                        env=dict(os.environ, TMPDIR=scratch)),
        options=options)
    B.execute_cdp_cmd('Page.setDownloadBehavior',
                      {'behavior': 'allow', 'downloadPath': DOWNLOADS})


def tearDownModule():
    B.quit()
    W.close()
    shutil.rmtree(DOWNLOADS, ignore_errors=True)


def wait(condition, timeout=15):
    return WebDriverWait(B, timeout).until(lambda d: condition())


def console_errors():
    """Severe console messages since the last call."""
    return [m for m in B.get_log('browser') if m['level'] == 'SEVERE']


def shot(name):
    """The whole page, as tall as it is, at the window's width."""
    width = B.get_window_size()['width']
    height = B.execute_script('return document.documentElement.scrollHeight')
    B.set_window_size(width, min(height + 140, 6000))
    time.sleep(0.3)
    B.save_screenshot(os.path.join(ARGS.out, name + '.png'))
    B.set_window_size(width, 1000)


def text(css):
    return B.find_element(By.CSS_SELECTOR, css).text


def error_box():
    box = B.find_element(By.ID, 'error')
    return box.text if box.is_displayed() else ''


def grpc(method, request, token=None):
    ok, answer = W.grpc_call(token or W.viewer, method, request)
    assert ok, answer
    return answer


def sign_in(token):
    B.get(W.base + '/')
    field = wait(lambda: B.find_element(By.NAME, 'token'))
    field.send_keys(token)
    B.find_element(By.CSS_SELECTOR, '#sign-in button').click()
    wait(lambda: B.current_url.endswith('/tong-quan.html'))


class Dashboard(unittest.TestCase):
    """In order: sign in, read, be refused, sign out."""

    def test_1_sign_in_keeps_the_token_out_of_the_page(self):
        B.get(W.base + '/')
        wait(lambda: B.find_element(By.NAME, 'token'))
        shot('dang-nhap')
        sign_in(W.viewer)
        self.assertNotIn(W.viewer, B.current_url)
        self.assertEqual(B.execute_script('return document.cookie'), '')
        self.assertEqual(B.execute_script(
            'return localStorage.length + sessionStorage.length'), 0)
        cookie = B.get_cookie('motcua_session')
        self.assertTrue(cookie['httpOnly'])
        self.assertEqual(cookie['sameSite'], 'Strict')
        self.assertNotIn(W.viewer, cookie['value'])
        wait(lambda: 'viewer-436' in text('#who'))
        self.assertEqual(console_errors(), [])

    def test_2_overview_shows_the_grpc_figures(self):
        B.get(W.base + '/tong-quan.html?period=year&year=%d' % wt.YEAR)
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#children tbody tr'))
        rates = grpc('StatisticsService/GetRates',
                     {'scope': wt.OWN_DISTRICT, 'period': wt.PERIOD_2025,
                      'monthly': True})
        ratios = grpc('StatisticsService/GetOnlineProcedureRatios',
                      {'scope': wt.OWN_DISTRICT})
        children = grpc('StatisticsService/GetReport',
                        {'scope': wt.OWN_DISTRICT, 'period': wt.PERIOD_2025,
                         'breakdown': 'CHILD_UNIT'})
        total = rates['total']
        cards = {'on_time': total['onTime'], 'early': total['early'],
                 'progress_index': total['progressIndex'],
                 'online_level3': total['onlineLevel3'],
                 'online_level4': total['onlineLevel4'],
                 'online_partial': total['onlinePartial'],
                 'online_full': total['onlineFull'],
                 'procedures_level3': ratios['level3'],
                 'procedures_level4': ratios['level4'],
                 'procedures_partial': ratios['partial'],
                 'procedures_full': ratios['full']}
        for name, rate in cards.items():
            with self.subTest(card=name):
                self.assertEqual(text('#rate-%s .value' % name),
                                 wt.percent(rate['numerator'],
                                            rate['denominator']))
                unit = 'thủ tục' if name.startswith('procedures') else 'hồ sơ'
                self.assertEqual(text('#rate-%s .ratio' % name), '%s/%s %s' % (
                    wt.thousands(rate['numerator']),
                    wt.thousands(rate['denominator']), unit))
        self.assertGreater(int(total['onTime']['denominator']), 0)
        # The trend: one point per month, the on-time rate of each.
        points = B.execute_script(
            "return Chart.getChart('trend').data.datasets[0].data")
        self.assertEqual(len(points), 12)
        for point, month in zip(points, rates['months']):
            den = int(month['onTime']['denominator'])
            if den == 0:
                self.assertIsNone(point)
            else:
                self.assertAlmostEqual(
                    point, 100 * int(month['onTime']['numerator']) / den)
        # Child units, ranked by on-time rate, with their counts.
        shown = B.find_elements(By.CSS_SELECTOR, '#children tbody tr')
        self.assertEqual(len(shown), len(children['rows']))
        by_key = {r['key']: r for r in children['rows']}
        previous = None
        for tr in shown:
            row = by_key[tr.get_attribute('data-key')]
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, 'td')]
            good = int(row['resolvedEarly']) + int(row['resolvedOnTime'])
            self.assertEqual(cells[1:], [
                wt.thousands(row['receivedTotal']),
                wt.thousands(row['resolvedTotal']), wt.thousands(good),
                wt.thousands(row['resolvedLate']),
                wt.percent(good, row['resolvedTotal'])])
            if int(row['resolvedTotal']) > 0:
                value = good / int(row['resolvedTotal'])
                if previous is not None:
                    self.assertLessEqual(value, previous)
                previous = value
        self.assertEqual(console_errors(), [])
        shot('tong-quan')
        B.set_window_size(390, 844)  # a phone
        time.sleep(0.5)
        shot('tong-quan-dien-thoai')
        B.set_window_size(1280, 1000)

    def test_2b_no_data_is_not_zero(self):
        B.get(W.base + '/tong-quan.html?period=year&year=2024')
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#rate-on_time .value'))
        for name in ['on_time', 'early', 'progress_index', 'online_full']:
            self.assertEqual(text('#rate-%s .value' % name), 'chưa có dữ liệu')
        self.assertNotIn('0,00%', text('#rates'))

    def test_3_form06_shows_the_grpc_figures_for_each_breakdown(self):
        day = lambda m, d: {'year': wt.YEAR, 'month': m, 'day': d}
        cases = [  # breakdown, the page's period, the same as a Period
            ('FIELD', 'period=year&year=2025', wt.PERIOD_2025),
            ('CHILD_UNIT', 'period=quarter&year=2025&part=2',
             {'from': day(4, 1), 'to': day(6, 30)}),
            ('PROCEDURE', 'period=month&year=2025&part=2',
             {'from': day(2, 1), 'to': day(2, 28)}),
            ('MONTH', 'period=year&year=2025', wt.PERIOD_2025),
            ('AGENCY', 'period=range&from=2025-02-10&to=2025-08-20',
             {'from': day(2, 10), 'to': day(8, 20)}),
        ]
        zero_checked = False
        for breakdown, query, period in cases:
            with self.subTest(breakdown=breakdown):
                B.get(W.base + '/bao-cao.html?%s&breakdown=%s' %
                      (query, breakdown))
                wait(lambda: B.find_elements(By.CSS_SELECTOR,
                                             '#form06 tr.total'))
                report = grpc('StatisticsService/GetReport',
                              {'scope': wt.OWN_DISTRICT, 'period': period,
                               'breakdown': breakdown})
                self.assertIn('%02d/%02d/%d' % (
                    period['from']['day'], period['from']['month'],
                    period['from']['year']), text('#caption'))
                rows = {r['key']: r for r in report['rows']}
                rows['total'] = report['total']
                shown = B.find_elements(By.CSS_SELECTOR, '#form06 tbody tr')
                self.assertEqual(len(shown), len(rows))
                fields = FORM06_FIELDS + (
                    ['stepsEarly', 'stepsOnTime', 'stepsLate']
                    if breakdown == 'AGENCY' else [])
                for tr in shown:
                    row = rows[tr.get_attribute('data-key')]
                    for field in fields:
                        cell = tr.find_element(
                            By.CSS_SELECTOR, 'td[data-field="%s"]' % field)
                        self.assertEqual(cell.text, wt.thousands(row[field]),
                                         (tr.get_attribute('data-key'), field))
                headings = text('#form06 thead')
                for heading in ['Số hồ sơ nhận giải quyết', 'Trả trước hạn',
                                'Trả đúng hạn', 'Trả quá hạn',
                                'Từ kỳ trước chuyển qua']:
                    self.assertIn(heading, headings)
                if breakdown == 'FIELD':
                    shot('bao-cao-mau-06')
                    self.check_csv(report)
                # The drill-down: a row's busiest cell, and the total.
                busiest = max(report['rows'], key=lambda r: int(
                    r['resolvedLate']))
                self.check_drill_down(busiest['key'], 'resolvedLate',
                                      int(busiest['resolvedLate']), period,
                                      breakdown)
                zero = [(r['key'], f) for r in report['rows']
                        for f in FORM06_FIELDS if int(r[f]) == 0]
                if zero and not zero_checked:
                    # A 0 is a link too, to an empty listing.
                    B.back()
                    wait(lambda: B.find_elements(By.CSS_SELECTOR,
                                                 '#form06 tr.total'))
                    self.check_drill_down(zero[0][0], zero[0][1], 0, period,
                                          breakdown)
                    self.assertTrue(B.find_element(By.ID,
                                                   'none').is_displayed())
                    zero_checked = True
                if breakdown == 'CHILD_UNIT':
                    B.back()
                    wait(lambda: B.find_elements(By.CSS_SELECTOR,
                                                 '#form06 tr.total'))
                    self.check_drill_down('', 'receivedTotal', int(
                        report['total']['receivedTotal']), period, breakdown)
                    B.execute_script('window.scrollTo(0, 0)')
                    # The first screenful only: the list is long.
                    B.save_screenshot(os.path.join(ARGS.out,
                                                   'danh-sach-ho-so.png'))
        self.assertTrue(zero_checked, 'no 0 in any breakdown of the fixture')
        self.assertEqual(console_errors(), [])

    def check_drill_down(self, row, field, number, period, breakdown):
        """Clicks the number in (row, field), pages through the list, and
        finds exactly `number` dossiers, those gRPC lists for the cell."""
        B.find_element(By.CSS_SELECTOR,
                       '#form06 tr[data-key="%s"] td[data-field="%s"] a' % (
                           row or 'total', field)).click()
        wait(lambda: text('#count'))
        self.assertTrue(text('#count').startswith(
            wt.thousands(number) + ' hồ sơ'), text('#count'))
        while B.find_element(By.ID, 'more').is_displayed():
            before = len(B.find_elements(By.CSS_SELECTOR, '#dossiers tbody tr'))
            B.find_element(By.ID, 'more').click()
            wait(lambda: len(B.find_elements(
                By.CSS_SELECTOR, '#dossiers tbody tr')) > before)
        shown = [tr.get_attribute('data-code') for tr in
                 B.find_elements(By.CSS_SELECTOR, '#dossiers tbody tr')]
        self.assertEqual(len(shown), number)
        expected, token = [], ''
        column = ''.join('_' + c.lower() if c.isupper() else c for c in field)
        while True:
            page = grpc('StatisticsService/ListReportDossiers', {
                'scope': wt.OWN_DISTRICT, 'period': period,
                'breakdown': breakdown, 'row': row, 'column': column,
                'pageSize': 1000, 'pageToken': token})
            expected += [d['code'] for d in page['dossiers']]
            self.assertEqual(int(page['totalSize']), number)
            token = page['nextPageToken']
            if not token:
                break
        self.assertEqual(shown, expected)

    def check_csv(self, report):
        B.find_element(By.ID, 'csv').click()
        path = os.path.join(DOWNLOADS, 'bao-cao-mau-06.csv')
        wait(lambda: os.path.exists(path) and not glob.glob(
            os.path.join(DOWNLOADS, '*.crdownload')))
        with open(path, encoding='utf-8-sig') as f:
            lines = list(csv.reader(io.StringIO(f.read())))
        self.assertEqual(len(lines), len(report['rows']) + 2)
        self.assertEqual(lines[-1][1], 'Tổng cộng')
        self.assertEqual(lines[-1][2:], [str(int(report['total'][f]))
                                         for f in FORM06_FIELDS])

    def test_4_another_district_is_refused(self):
        for page in ['tong-quan', 'bao-cao']:
            with self.subTest(page=page):
                B.get(W.base + '/%s.html?period=year&year=%d&scope=DISTRICT:440'
                      % (page, wt.YEAR))
                wait(lambda: error_box())
                self.assertIn('Không có quyền', error_box())
                self.assertIn('440', error_box())
                self.assertEqual(
                    B.find_elements(By.CSS_SELECTOR, '.card, #form06 td'), [])
        console_errors()  # the refused requests' own 403s
        cookie = B.get_cookie('motcua_session')['value']
        r = W.api('StatisticsService/GetReport',
                  {'scope': wt.OTHER_DISTRICT, 'period': wt.PERIOD_2025},
                  cookie=cookie)
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json()['error']['status'], 'PERMISSION_DENIED')

    def test_5_markup_in_a_dossier_is_text(self):
        B.get(W.base + '/ho-so.html?code=' + W.script_code)
        wait(lambda: len(B.find_elements(By.CSS_SELECTOR,
                                         '#timeline li')) == 2)
        for when in B.find_elements(By.CSS_SELECTOR, '#timeline .when'):
            self.assertTrue(when.text.endswith(' · ' + wt.SCRIPT_PRINCIPAL),
                            when.text)
        self.assertEqual(
            B.find_elements(By.CSS_SELECTOR, '#timeline b, #timeline script'),
            [])
        self.assertIsNone(B.execute_script('return window.__xss'))
        # A VIEWER sees no personal data: no applicant, no notes.
        self.assertEqual(
            B.find_elements(By.CSS_SELECTOR,
                            '[data-fact="applicant"], #timeline .note'), [])
        self.assertEqual(text('[data-fact="code"]'), W.script_code)
        wait(lambda: 'UBND Phường Bắc Hà' in text('[data-fact="agency"]'))
        wait(lambda: text('[data-fact="procedure"]') ==
             'Đăng ký kết hôn (1.000894)')
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#dossiers tbody tr'))
        self.assertEqual(console_errors(), [])
        shot('ho-so')

    def test_5a_warnings_show_the_grpc_warnings(self):
        # Reached from the other pages' menu.
        B.get(W.base + '/tong-quan.html')
        wait(lambda: B.find_element(
            By.CSS_SELECTOR, 'header.top nav a[href="/canh-bao.html"]')).click()
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#count-overdue'))
        answer = grpc('StatisticsService/ListDeadlineWarnings',
                      {'scope': wt.OWN_DISTRICT})
        overdue = check_warnings(self, answer)
        # The fixture ends on 31/10/2026: its open dossiers are overdue now.
        self.assertGreater(overdue, 0)
        self.assertIn('Huyện 436', text('#caption'))
        self.assertEqual(console_errors(), [])
        # The first screenful only: the district's lists are long.
        B.execute_script('window.scrollTo(0, 0)')
        B.save_screenshot(os.path.join(ARGS.out, 'canh-bao.png'))
        B.set_window_size(390, 844)  # a phone
        time.sleep(0.5)
        B.save_screenshot(os.path.join(ARGS.out, 'canh-bao-dien-thoai.png'))
        B.execute_script("document.getElementById('overdue')"
                         ".scrollIntoView()")
        time.sleep(0.3)
        B.save_screenshot(os.path.join(ARGS.out,
                                       'canh-bao-dien-thoai-bang.png'))
        B.set_window_size(1280, 1000)

        # One agency, picked: every overdue dossier of it, as the overdue
        # listing of the same agency has them.
        Select(B.find_element(By.NAME, 'agency')).select_by_value(
            wt.DESK_AGENCY)
        B.find_element(By.CSS_SELECTOR, '#query button').click()
        wait(lambda: wt.DESK_AGENCY in text('#caption'))
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#count-overdue'))
        scope = {'kind': 'AGENCY', 'code': wt.DESK_AGENCY}
        answer = grpc('StatisticsService/ListDeadlineWarnings',
                      {'scope': scope})
        self.assertFalse(answer['truncated'])
        check_warnings(self, answer)
        listed, token = set(), ''
        while True:
            page = grpc('DossierService/ListDossiers',
                        {'scope': scope, 'overdueOnly': True,
                         'pageSize': 100, 'pageToken': token})
            listed |= {d['code'] for d in page['dossiers']}
            token = page['nextPageToken']
            if not token:
                break
        self.assertGreater(len(listed), 0)
        self.assertEqual(set(sum(shown_groups('#overdue').values(), [])),
                         listed)
        self.assertIn('agency=' + wt.DESK_AGENCY, B.current_url)
        self.assertEqual(console_errors(), [])

    def test_6_sign_out_ends_the_session(self):
        cookie = B.get_cookie('motcua_session')['value']
        B.get(W.base + '/tong-quan.html')
        wait(lambda: B.find_element(By.ID, 'sign-out')).click()
        wait(lambda: B.current_url == W.base + '/')
        r = W.api('StatisticsService/GetReport',
                  {'scope': wt.OWN_DISTRICT, 'period': wt.PERIOD_2025},
                  cookie=cookie)
        self.assertEqual(r.status, 401)
        B.get(W.base + '/tong-quan.html')
        wait(lambda: B.current_url == W.base + '/')
        console_errors()  # the refused session check's own 401

    def test_7_a_desk_sees_the_applicant_name_as_text(self):
        sign_in(W.desk)
        B.get(W.base + '/ho-so.html?code=' + W.script_code)
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '[data-fact="applicant"]'))
        self.assertEqual(text('[data-fact="applicant"]'), wt.SCRIPT_NAME)
        self.assertEqual(text('#timeline .note'), wt.SCRIPT_NOTE)
        self.assertEqual(
            B.find_elements(By.CSS_SELECTOR, '#facts script, #timeline img'),
            [])
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#dossiers tbody tr'))
        self.assertIsNone(B.execute_script('return window.__xss'))
        self.assertEqual(console_errors(), [])
        shot('ho-so-can-bo-mot-cua')

        # Cảnh báo: a dossier received now for a one-working-day procedure
        # is due within 7.5 working hours (reception outside working time
        # counts from the next period), so within an 8-working-hour window
        # at any hour of any day; the markup one (5 working days) is not,
        # until the window is 200 working hours. The default window (to the
        # end of the next working day) depends on the hour the test runs:
        # core's DueSoonWindow tests pin it.
        quick = json.loads(W.cli(
            W.desk, '--json', 'dossier', 'receive',
            '--agency=' + wt.DESK_AGENCY, '--procedure=1.000656',
            '--name=Trần Thị Bình', '--id-number=042190001234'))[
                'dossier']['code']
        B.get(W.base + '/canh-bao.html?within=28800s')
        wait(lambda: B.find_elements(By.CSS_SELECTOR, '#count-overdue'))
        due_soon = shown_groups('#due-soon')
        self.assertIn(quick, due_soon[wt.DESK_AGENCY])
        self.assertNotIn(W.script_code, sum(due_soon.values(), []))
        self.assertIn('Trần Thị Bình', text(
            '#due-soon tr[data-code="%s"]' % quick))
        Select(B.find_element(By.NAME, 'within')).select_by_value('720000s')
        B.find_element(By.CSS_SELECTOR, '#query button').click()
        wait(lambda: B.find_elements(
            By.CSS_SELECTOR, '#due-soon tr[data-code="%s"]' % W.script_code))
        answer = grpc('StatisticsService/ListDeadlineWarnings',
                      {'scope': {'kind': 'AGENCY', 'code': wt.DESK_AGENCY},
                       'within': '720000s'}, W.desk)
        check_warnings(self, answer)
        row = B.find_element(By.CSS_SELECTOR,
                             '#due-soon tr[data-code="%s"]' % W.script_code)
        cells = [td.text for td in row.find_elements(By.TAG_NAME, 'td')]
        self.assertEqual(cells[2], wt.SCRIPT_NAME)
        self.assertEqual(B.find_elements(By.CSS_SELECTOR, 'main script'), [])
        self.assertIsNone(B.execute_script('return window.__xss'))
        self.assertEqual(console_errors(), [])
        shot('canh-bao-can-bo-mot-cua')
        B.find_element(By.ID, 'sign-out').click()
        wait(lambda: B.current_url == W.base + '/')


class Lookup(unittest.TestCase):
    def test_lookup_without_sign_in_then_rate_limited(self):
        B.delete_all_cookies()
        dossier = grpc('DossierService/GetDossier', {'code': W.script_code},
                       W.admin)['dossier']
        B.get(W.base + '/tra-cuu.html')
        form = wait(lambda: B.find_element(By.ID, 'lookup'))
        form.find_element(By.NAME, 'code').send_keys(W.script_code)
        form.find_element(By.NAME, 'id_number').send_keys(wt.ID_NUMBER)
        button = form.find_element(By.TAG_NAME, 'button')
        button.click()
        wait(lambda: B.find_element(By.ID, 'result').is_displayed())
        self.assertEqual(text('#status'), 'Đang xử lý')
        self.assertEqual(text('#code'), W.script_code)
        self.assertEqual(text('#received'), vn_date(dossier['receivedAt']))
        self.assertEqual(text('#due'), vn_date(dossier['dueAt']))
        self.assertEqual(console_errors(), [])
        shot('tra-cuu')
        refused_at = None
        for attempt in range(2, LOOKUPS_PER_MINUTE + 3):
            button.click()
            wait(lambda: B.execute_script(
                'return document.readyState') == 'complete')
            time.sleep(0.3)
            if 'Quá nhiều yêu cầu' in error_box():
                refused_at = attempt
                break
        self.assertEqual(refused_at, LOOKUPS_PER_MINUTE + 1)
        self.assertFalse(B.find_element(By.ID, 'result').is_displayed())
        shot('tra-cuu-gioi-han')
        console_errors()  # the refused request's own 429


def shown_groups(css):
    """{agency: [dossier codes, in order]} of the page's groups in `css`."""
    return {s.get_attribute('data-agency'): [
        tr.get_attribute('data-code')
        for tr in s.find_elements(By.CSS_SELECTOR, 'tbody tr')]
        for s in B.find_elements(By.CSS_SELECTOR, css + ' section.group')}


def grouped(items, agency, code):
    out = {}
    for item in items:
        out.setdefault(item[agency], []).append(item[code])
    return out


def working_minutes(text):
    """"còn 3 giờ 30 phút làm việc" -> 210, "quá hạn 1.204 giờ làm việc"
    -> -72240."""
    if text in ('đã quá hạn', 'còn dưới 1 phút làm việc',
                'quá hạn dưới 1 phút làm việc'):
        return 0
    m = re.fullmatch(r'(còn|quá hạn) (?:([\d.]+) giờ)? ?(?:(\d+) phút)? '
                     r'làm việc', text)
    assert m, text
    minutes = 60 * int((m.group(2) or '0').replace('.', '')) + int(
        m.group(3) or 0)
    return -minutes if m.group(1) == 'quá hạn' else minutes


def check_warnings(test, answer):
    """The Cảnh báo page shows `answer` (ListDeadlineWarnings from gRPC):
    each dossier under its agency in the same order, its due instant, working
    time left and marks; the steps under their holding agency; the counts,
    the empty lists and the truncation said. Returns the overdue count."""
    dossiers = answer['dossiers']
    overdue = [w for w in dossiers if w['deadline']['urgency'] == 'OVERDUE']
    due_soon = [w for w in dossiers if w['deadline']['urgency'] == 'DUE_SOON']
    test.assertEqual(len(overdue) + len(due_soon), len(dossiers))
    flat = lambda ws: [dict(w, code=w['dossier']['code'],
                            agency=w['dossier']['agencyCode']) for w in ws]
    for css, items, none in [('#overdue', overdue, 'Không có hồ sơ quá hạn.'),
                             ('#due-soon', due_soon,
                              'Không có hồ sơ sắp đến hạn.')]:
        test.assertEqual(shown_groups(css),
                         grouped(flat(items), 'agency', 'code'), css)
        if not items:
            test.assertEqual(text(css + ' p.empty'), none)
        for w in items:
            row = B.find_element(By.CSS_SELECTOR, '%s tr[data-code="%s"]' % (
                css, w['dossier']['code']))
            test.assertEqual(row.find_element(By.CSS_SELECTOR,
                                              '[data-due]').text,
                             vn_date_time(w['deadline']['dueAt']))
            left = working_minutes(row.find_element(By.CSS_SELECTOR,
                                                    '[data-left]').text)
            expected = int(float(
                w['deadline']['workingTimeLeft'].rstrip('s')) / 60)
            # Whole minutes, whole hours from 24 hours on; and the page
            # asked a moment before gRPC did.
            slack = 60 if abs(expected) >= 24 * 60 else 1
            test.assertLessEqual(abs(left - expected), slack,
                                 (left, expected))
            test.assertEqual('chưa có văn bản xin lỗi' in row.text,
                             w['needsApology'])
            test.assertEqual('đang tạm dừng' in row.text,
                             w['deadline']['clockPaused'])
    test.assertEqual(shown_groups('#steps'), grouped(
        answer['steps'], 'holderAgencyCode', 'dossierCode'))
    for card, n in [('overdue', len(overdue)), ('due-soon', len(due_soon)),
                    ('steps', len(answer['steps']))]:
        test.assertEqual(text('#count-%s .value' % card), wt.thousands(n))
    notice = B.find_element(By.ID, 'truncated')
    test.assertEqual(notice.is_displayed(), answer['truncated'])
    if answer['truncated']:
        test.assertIn('chỉ hiển thị %s hồ sơ' % wt.thousands(len(dossiers)),
                      notice.text)
    return len(overdue)


def vn_date_time(timestamp):
    """An instant as "30/11/2026 17:00" in Vietnam (UTC+7)."""
    import datetime
    t = datetime.datetime.strptime(timestamp[:19], '%Y-%m-%dT%H:%M:%S')
    t += datetime.timedelta(hours=7)
    return t.strftime('%d/%m/%Y %H:%M')


def vn_date(timestamp):
    """"2026-12-08T00:30:00Z" as dd/mm/yyyy in Vietnam (UTC+7)."""
    import datetime
    t = datetime.datetime.strptime(timestamp[:19], '%Y-%m-%dT%H:%M:%S')
    t += datetime.timedelta(hours=7)
    return t.strftime('%d/%m/%Y')


if __name__ == '__main__':
    unittest.main(verbosity=2)
