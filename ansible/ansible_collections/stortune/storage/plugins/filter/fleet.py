# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)
"""Filters of the fleet report playbook: every host's stortune_verify result
(or its failure) into one report - a row per host and item, a status per
host and the summary line "N hosts: a compliant, b with drift, c unreachable,
d failed".  The host statuses and item rows are stortune's; this only
collects them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import io

# The columns of a row, in the CSV's order
FLEET_COLUMNS = ('host', 'host_status', 'profile', 'journal', 'scope', 'target', 'knob',
                 'expected', 'actual', 'status', 'rule', 'reason')


def _host_status(res):
    """compliant, drift, unreachable or failed, and the message of a failure."""
    if not res:
        return 'unreachable', 'the host did not run the report task'
    if res.get('unreachable'):
        return 'unreachable', res.get('msg', '')
    if res.get('failed') or 'rows' not in res:
        return 'failed', res.get('msg', '')
    return ('compliant' if res.get('compliant') else 'drift'), ''


def _rows(host, status, res, msg):
    base = dict((k, '') for k in FLEET_COLUMNS)
    base.update(host=host, host_status=status)
    if status in ('unreachable', 'failed'):
        row = dict(base, status=status, reason=msg.strip().replace('\n', ' '))
        return [row]
    base.update(profile=res.get('profile') or '', journal=str(res.get('journal') or ''))
    rows = []
    for item in res.get('rows', []):
        row = dict(base)
        for k in ('scope', 'target', 'knob', 'expected', 'actual', 'status', 'rule', 'reason'):
            v = item.get(k)
            row[k] = '' if v is None else str(v)
        rows.append(row)
    return rows


def fleet_report(hosts, results):
    """HOSTS (names) and RESULTS (host -> registered stortune_verify result,
    missing for a host that never ran it) -> the report."""
    counts = dict(compliant=0, drift=0, unreachable=0, failed=0)
    report_hosts, rows = [], []
    for host in hosts:
        res = results.get(host) or {}
        status, msg = _host_status(res)
        counts[status] += 1
        report_hosts.append(dict(host=host, status=status, message=msg.strip(),
                                 summary=res.get('summary', ''), journal=res.get('journal'),
                                 profile=res.get('profile'),
                                 manual=(res.get('counts') or {}).get('manual', 0)))
        rows += _rows(host, status, res, msg)
    summary = '%d hosts: %d compliant, %d with drift, %d unreachable, %d failed' % (
        len(hosts), counts['compliant'], counts['drift'], counts['unreachable'], counts['failed'])
    return dict(summary=summary, counts=counts, hosts=report_hosts, rows=rows)


def fleet_csv(report):
    """The report's rows as CSV text, with a header line."""
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=FLEET_COLUMNS, lineterminator='\n')
    w.writeheader()
    for row in report['rows']:
        w.writerow(row)
    return out.getvalue()


def fleet_text(report):
    """The summary line, then a line per host that is not compliant or has
    values changed by hand (stortune leaves those alone: not drift)."""
    lines = [report['summary']]
    for h in report['hosts']:
        why = (h['message'] or h['summary']).splitlines()
        if h['status'] != 'compliant':
            lines.append('  %s: %s%s' % (h['host'], h['status'], ': ' + why[0] if why else ''))
        elif h['manual']:
            lines.append('  %s: compliant, %d value(s) changed by hand' % (h['host'], h['manual']))
    return '\n'.join(lines) + '\n'


class FilterModule(object):
    def filters(self):
        return dict(fleet_report=fleet_report, fleet_csv=fleet_csv, fleet_text=fleet_text)
