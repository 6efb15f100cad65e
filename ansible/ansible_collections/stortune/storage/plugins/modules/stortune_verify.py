#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: stortune_verify
short_description: Check a host's storage settings against the applied stortune profile
version_added: "0.1.0"
description:
  - Runs C(stortune verify --json) and returns its per-item rows (expected and actual value, and the
    status C(ok), C(drift), C(held), C(manual), C(unsupported) or C(skipped)).
  - Drift (stortune exits 2) fails the task, or only warns with I(on_drift=warn).
  - Reads only; never changes the host.
options:
  profile:
    description:
      - Check against this profile. Default the profile of the newest applied journal; without I(profile)
        on a host where nothing was applied, the task fails with stortune's message.
    type: str
  devices:
    description: Check only these devices (kernel names).
    type: list
    elements: str
    default: []
  strict:
    description: Count the settings apply held back (C(--remount), durability) as drift (C(--strict)).
    type: bool
    default: false
  allow_durability_risk:
    description: Expect the changes that risk durability too (C(--allow-durability-risk)).
    type: bool
    default: false
  on_drift:
    description: What drift does to the task, C(fail) it or only C(warn).
    type: str
    choices: [fail, warn]
    default: fail
extends_documentation_fragment:
  - stortune.storage.common
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: none
author:
  - stortune developers (!UNKNOWN)
'''

EXAMPLES = r'''
- name: Fail on drift from the applied profile
  stortune.storage.stortune_verify:

- name: Report drift from the database profile without failing
  stortune.storage.stortune_verify:
    profile: database
    on_drift: warn
  register: verify

- name: Show the drifted items
  ansible.builtin.debug:
    msg: "{{ verify.rows | selectattr('status', 'equalto', 'drift') | list }}"
'''

RETURN = r'''
compliant:
  description:
    - Whether the host follows the profile, as stortune decides - no drift. A value changed by hand since
      the apply is a C(manual) row, which stortune leaves alone and does not count as drift.
  returned: always
  type: bool
  sample: true
drift:
  description: Whether stortune found drift (exit 2).
  returned: always
  type: bool
  sample: false
profile:
  description: The profile checked against.
  returned: always
  type: str
  sample: database
journal:
  description: The applied journal checked against, or null when I(profile) was given and nothing was applied.
  returned: always
  type: int
  sample: 1
counts:
  description: How many items have each status.
  returned: always
  type: dict
  sample: {"ok": 18, "drift": 0, "held": 3, "manual": 0, "unsupported": 0, "skipped": 0}
summary:
  description: stortune's one-line summary.
  returned: always
  type: str
  sample: "18 ok, 0 drift, 3 held (2 advice), 0 manual, 0 unsupported, 0 skipped: compliant"
rows:
  description: One row per item, with C(scope), C(target), C(knob), C(expected), C(actual), C(status),
    C(needs), C(reason) and C(rule).
  returned: always
  type: list
  elements: dict
  sample: [{"scope": "device", "target": "nvme0n1", "knob": "queue/read_ahead_kb", "expected": "32",
            "actual": "128", "status": "drift", "needs": null, "reason": null, "rule": "ra-random"}]
exit_code:
  description:
    - stortune's exit code, 0 (compliant) or 2 (drift).
    - Not called C(rc) - Ansible takes an C(rc) other than 0 to mean failure.
  returned: always
  type: int
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.stortune.storage.plugins.module_utils.stortune import (
    RC_OK, RC_PENDING, Stortune, common_args, device_args)


def main():
    module = AnsibleModule(
        argument_spec=common_args(
            profile=dict(type='str'),
            devices=dict(type='list', elements='str', default=[]),
            strict=dict(type='bool', default=False),
            allow_durability_risk=dict(type='bool', default=False),
            on_drift=dict(type='str', choices=['fail', 'warn'], default='fail'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    st = Stortune(module)
    args = ['--profile', p['profile']] if p['profile'] else []
    args += ['--strict'] if p['strict'] else []
    args += ['--allow-durability-risk'] if p['allow_durability_risk'] else []
    rc, doc, warnings = st.run('verify', args + device_args(p), ok=(RC_OK, RC_PENDING))
    st.warn(warnings)
    result = dict(
        changed=False, exit_code=rc, drift=rc == RC_PENDING, compliant=bool(doc.get('compliant')),
        profile=doc.get('profile'), journal=doc.get('journal'), counts=doc.get('counts', {}),
        summary=doc.get('summary', ''), rows=doc.get('rows', []),
    )
    if rc == RC_PENDING:
        drifted = ['%s %s' % (r.get('target'), r.get('knob') or r.get('rule'))
                   for r in result['rows'] if r.get('status') in ('drift', 'manual')]
        msg = 'stortune verify: %s (%s)' % (result['summary'], ', '.join(drifted))
        if p['on_drift'] == 'fail':
            module.fail_json(msg=msg, **result)
        module.warn(msg)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
