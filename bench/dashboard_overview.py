#!/usr/bin/python3
"""Times the dashboard's overview against a running motcua-server.

One overview is what web/overview.js asks, at once, as a browser does:
GetRates (monthly), GetOnlineProcedureRatios and GetReport by child unit,
for a scope and a year. Prints the overview's wall time (median, p95, max
over --runs) and the page's weight (the HTML with every script, stylesheet
and icon it names).

  bench/dashboard_overview.py --url http://127.0.0.1:8080 \\
      --token "$(cat token)" --scope PROVINCE:42 --year 2025 --runs 50
"""

import argparse
import concurrent.futures
import json
import re
import statistics
import time
import urllib.request


def post(url, token, method, body):
    req = urllib.request.Request(
        url + '/api/v1/' + method, data=json.dumps(body).encode(),
        headers={'Content-Type': 'application/json',
                 'Authorization': 'Bearer ' + token}, method='POST')
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
        return r.status


def page_weight(url, page):
    html = urllib.request.urlopen(url + page, timeout=30).read()
    total = len(html)
    for ref in re.findall(rb'(?:src|href)="(/[^"]+)"', html):
        total += len(urllib.request.urlopen(url + ref.decode(),
                                            timeout=30).read())
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--url', required=True)
    p.add_argument('--token', required=True)
    p.add_argument('--scope', default='PROVINCE:42')
    p.add_argument('--year', type=int, default=2025)
    p.add_argument('--runs', type=int, default=50)
    a = p.parse_args()
    kind, code = a.scope.split(':')
    scope = {'kind': kind, 'code': code}
    period = {'from': {'year': a.year, 'month': 1, 'day': 1},
              'to': {'year': a.year, 'month': 12, 'day': 31}}
    calls = [('StatisticsService/GetRates',
              {'scope': scope, 'period': period, 'monthly': True}),
             ('StatisticsService/GetOnlineProcedureRatios', {'scope': scope}),
             ('StatisticsService/GetReport',
              {'scope': scope, 'period': period, 'breakdown': 'CHILD_UNIT'})]
    times = []
    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        for run in range(a.runs + 1):
            start = time.perf_counter()
            statuses = list(pool.map(lambda c: post(a.url, a.token, *c),
                                     calls))
            elapsed = time.perf_counter() - start
            assert statuses == [200] * len(calls), statuses
            if run > 0:  # the first warms the caches
                times.append(elapsed * 1000)
    times.sort()
    print('overview of %s, year %d: %d runs, median %.1f ms, p95 %.1f ms, '
          'max %.1f ms' % (a.scope, a.year, len(times),
                           statistics.median(times),
                           times[int(0.95 * (len(times) - 1))], times[-1]))
    print('page weight: /tong-quan.html with its scripts, styles and icon: '
          '%d bytes' % page_weight(a.url, '/tong-quan.html'))


if __name__ == '__main__':
    main()
