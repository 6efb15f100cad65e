#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: stortune_facts
short_description: Gather a host's storage model and stortune's advice as facts
version_added: "0.1.0"
description:
  - Runs C(stortune probe --json) and C(stortune advise --json --profile PROFILE) and returns them
    as C(ansible_facts.stortune) - the block devices with their class and queue settings, the
    recommendations with their provenance, and the advice that is never applied.
  - Without I(profile), C(stortune recommend --json) picks the profile that fits the host first.
  - Reads only; never changes the host.
options:
  profile:
    description:
      - The workload profile to advise for (C(stortune profiles list)).
      - Without it, the profile C(stortune recommend) names.
    type: str
  devices:
    description: Limit probe and advice to these devices (kernel names).
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - stortune.storage.common
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: none
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
    support: full
author:
  - stortune developers (!UNKNOWN)
'''

EXAMPLES = r'''
- name: Gather stortune facts for the database profile
  stortune.storage.stortune_facts:
    profile: database

- name: Show what would change
  ansible.builtin.debug:
    msg: "{{ item.target }} {{ item.knob }}: {{ item.current }} -> {{ item.recommended }}"
  loop: "{{ ansible_facts.stortune.recommendations }}"

- name: Let stortune pick the profile, from a captured tree
  stortune.storage.stortune_facts:
    sysroot: /srv/captures/db01
'''

RETURN = r'''
ansible_facts:
  description: The facts, under the key C(stortune).
  returned: always
  type: complex
  contains:
    stortune:
      description: The host's storage model and advice.
      type: complex
      contains:
        profile:
          description: The profile advised for.
          type: str
          sample: database
        recommend:
          description: C(stortune recommend --json) when I(profile) was not given, else null.
          type: dict
          sample: {"profile": "general", "fallback": true, "score": 0, "evidence": []}
        devices:
          description: The device tree of C(stortune probe --json) (name, class, class_reasons, scheduler, ...).
          type: list
          elements: dict
        system:
          description: The vm sysctls, memory, CPUs and virtualization of C(stortune probe --json).
          type: dict
        recommendations:
          description: What differs from the profile, each with current and recommended value and its rule.
          type: list
          elements: dict
          sample: [{"id": "nvme0n1:queue/read_ahead_kb", "target": "nvme0n1", "knob": "queue/read_ahead_kb",
                    "current": "128", "recommended": "32", "rule": "ra-random", "risk": "none"}]
        advice:
          description: Advice that stortune never applies (for example fstrim.timer).
          type: list
          elements: dict
        already_ok:
          description: How many recommendations the host already follows.
          type: int
          sample: 11
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.stortune.storage.plugins.module_utils.stortune import (
    Stortune, common_args, device_args)


def main():
    module = AnsibleModule(
        argument_spec=common_args(
            profile=dict(type='str'),
            devices=dict(type='list', elements='str', default=[]),
        ),
        supports_check_mode=True,
    )
    st = Stortune(module)
    devices = device_args(module.params)
    warnings = []
    recommend = None
    profile = module.params['profile']
    if not profile:
        dummy, recommend, w = st.run('recommend', state_dir=False)
        warnings += w
        profile = recommend.get('profile')
    dummy, probe, w = st.run('probe', devices, state_dir=False)
    warnings += w
    dummy, advise, w = st.run('advise', ['--profile', profile] + devices, state_dir=False)
    warnings += w
    st.warn(sorted(set(warnings)))
    facts = dict(
        profile=advise.get('profile', profile),
        recommend=recommend,
        devices=probe.get('devices', []),
        system=probe.get('system', {}),
        recommendations=advise.get('recommendations', []),
        advice=advise.get('advice', []),
        already_ok=advise.get('already_ok'),
    )
    module.exit_json(changed=False, ansible_facts=dict(stortune=facts))


if __name__ == '__main__':
    main()
