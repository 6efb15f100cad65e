# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The options every stortune module takes (module_utils/stortune.py COMMON_ARGS)."""

    DOCUMENTATION = r'''
options:
  binary:
    description: The stortune binary to run, a path or a name looked up in C(PATH).
    type: path
    default: stortune
  sysroot:
    description:
      - Work on this tree (a capture, or a copy of one) instead of the live system (C(--sysroot)).
      - Writes, if any, go into the tree's files; nothing outside it is read or written.
    type: path
  state_dir:
    description:
      - The directory of stortune's journals and lock (C(--state-dir)).
      - Default C(/var/lib/stortune), or C(SYSROOT/var/lib/stortune) with I(sysroot).
    type: path
  config:
    description: Read this file instead of C(/etc/stortune/stortune.conf) (C(--config)).
    type: path
  rules:
    description: Read rules from this directory only, without drop-ins (C(--rules)).
    type: path
  profiles:
    description: Read profiles from this directory only, without drop-ins (C(--profiles)).
    type: path
notes:
  - The modules are thin wrappers around the binary's C(--json) output and exit codes; stortune
    decides everything. An error fails the task with stortune's own message.
requirements:
  - stortune on the managed host (the C(stortune.storage.tune) role installs it)
'''
