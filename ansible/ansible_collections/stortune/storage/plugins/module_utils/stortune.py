# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)
"""Running the stortune binary for the modules: the common options, the
command line they make, and the JSON and exit code that come back.  No tuning
logic lives here; it all stays in the binary."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

# Exit codes of stortune (stortune(8), EXIT STATUS)
RC_OK = 0
RC_ERROR = 1
RC_PENDING = 2     # apply --dry-run: changes pending; verify/status: drift
RC_ROLLED_BACK = 3  # apply --validate rolled back a change that regressed

# The options every module takes, passed to every stortune command
COMMON_ARGS = dict(
    binary=dict(type='path', default='stortune'),
    sysroot=dict(type='path'),
    state_dir=dict(type='path'),
    config=dict(type='path'),
    rules=dict(type='path'),
    profiles=dict(type='path'),
)

_GLOBAL_FLAGS = (('sysroot', '--sysroot'), ('config', '--config'),
                 ('rules', '--rules'), ('profiles', '--profiles'))


def common_args(**extra):
    """The argument_spec of a module: COMMON_ARGS plus its own options."""
    spec = dict(COMMON_ARGS)
    spec.update(extra)
    return spec


class Stortune(object):
    """One module's view of the binary: builds argv from the module's params,
    runs it with module.run_command and turns the result into data or into
    fail_json with stortune's own message."""

    def __init__(self, module):
        self.module = module
        self.binary = self._find_binary(module.params['binary'])

    def _find_binary(self, binary):
        if '/' not in binary:
            found = self.module.get_bin_path(binary, required=False)
            if not found:
                self.module.fail_json(msg='stortune: %s: command not found; install the package '
                                          'or set the binary option' % binary, rc=127)
            return found
        if not os.access(binary, os.X_OK):
            why = 'not executable' if os.path.exists(binary) else 'no such file'
            self.module.fail_json(msg='stortune: %s: %s; install the package or set the binary option'
                                      % (binary, why), rc=127)
        return binary

    def argv(self, command, args=(), state_dir=True):
        """stortune COMMAND --json with the global options, then ARGS."""
        p = self.module.params
        cmd = [self.binary, command, '--json', '--color', 'never']
        for key, flag in _GLOBAL_FLAGS:
            if p.get(key):
                cmd += [flag, p[key]]
        if state_dir and p.get('state_dir'):
            cmd += ['--state-dir', p['state_dir']]
        return cmd + list(args)

    def run(self, command, args=(), ok=(RC_OK,), state_dir=True):
        """Runs stortune COMMAND ARGS; returns (rc, document, warnings).
        An exit code not in OK fails the task with stortune's message."""
        cmd = self.argv(command, args, state_dir)
        try:
            rc, out, err = self.module.run_command(cmd, environ_update=dict(LC_ALL='C'))
        except OSError as e:
            self.module.fail_json(msg='stortune: %s: %s' % (cmd[0], e), cmd=cmd)
        lines = [line for line in err.splitlines() if line.strip()]
        if rc not in ok:
            msg = '\n'.join(lines) or 'stortune %s exited %d' % (command, rc)
            self.module.fail_json(msg=msg, rc=rc, cmd=cmd, stdout=out, stderr=err)
        try:
            doc = json.loads(out) if out.strip() else {}
        except ValueError as e:
            self.module.fail_json(msg='stortune %s: the output is not JSON: %s' % (command, e),
                                  rc=rc, cmd=cmd, stdout=out, stderr=err)
        return rc, doc, lines

    def warn(self, lines):
        for line in lines:
            self.module.warn(line)


def device_args(params, key='devices'):
    """The DEVICE... arguments of a command."""
    return list(params.get(key) or [])


def knob_lines(items, value_key):
    """One "target: knob = value" line per item, for a diff's before or after."""
    lines = []
    for it in items:
        knob = it.get('knob') or it.get('rule')
        lines.append('%s: %s = %s\n' % (it.get('target'), knob, it.get(value_key)))
    return ''.join(lines)


def knob_diff(items, header):
    """The diff Ansible shows for changes with current and recommended values."""
    return dict(before=knob_lines(items, 'current'), after=knob_lines(items, 'recommended'),
                before_header='%s (before)' % header, after_header='%s (after)' % header)
