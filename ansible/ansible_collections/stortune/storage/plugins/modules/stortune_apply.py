#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: stortune developers
# GNU General Public License v2.0 or later (see LICENSE or https://www.gnu.org/licenses/gpl-2.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: stortune_apply
short_description: Apply a stortune profile to a host's storage, or revert it
version_added: "0.1.0"
description:
  - With I(state=applied), runs C(stortune apply --json --profile PROFILE); every change is journaled,
    written and read back, and on error everything done so far is undone. A value that already matches
    is skipped, so a second run reports C(changed=false).
  - In check mode it runs C(stortune apply --dry-run --json) instead and writes nothing.
  - In diff mode it returns the value of every changed knob before and after (from the per-item
    C(current) and C(recommended) values of the JSON; stortune has no C(--diff) option).
  - With I(validate), a change that made its workload slower is rolled back (stortune exits 3); the
    task then reports C(changed) with a warning, not a failure.
  - With I(state=reverted), runs C(stortune revert --json) (C(--all) with I(all)), which undoes the newest
    apply (or all) from the journal. In check mode it reports C(changed) when an applied journal exists.
options:
  state:
    description: Whether the profile's changes should be in force (C(applied)) or undone (C(reverted)).
    type: str
    choices: [applied, reverted]
    default: applied
  profile:
    description: The workload profile to apply. Required with I(state=applied).
    type: str
  devices:
    description: Apply only to these devices (kernel names); system sysctls are then left out of the plan.
    type: list
    elements: str
    default: []
  persist:
    description: Also write udev rules and C(/etc/sysctl.d/NN-stortune.conf) for the next boot (C(--persist)).
    type: bool
    default: false
  remount:
    description: Apply mount options to live mounts (C(--remount)); fstab is never edited.
    type: bool
    default: false
  allow_durability_risk:
    description: Also apply changes that risk data on power loss (C(--allow-durability-risk)).
    type: bool
    default: false
  force:
    description: Also change (or revert) values set by hand since the last apply (C(--force)).
    type: bool
    default: false
  validate:
    description: Measure each change A/B with its workload and roll back what regressed (C(--validate)).
    type: bool
    default: false
  validate_target:
    description: With I(validate), the directory for the scratch file (C(--target)).
    type: path
  validate_runtime:
    description: With I(validate), measured seconds per trial (C(--runtime)).
    type: int
  all:
    description: With I(state=reverted), undo every applied journal, newest first (C(--all)).
    type: bool
    default: false
extends_documentation_fragment:
  - stortune.storage.common
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
    details: Per knob, for I(state=applied); none for I(state=reverted).
author:
  - stortune developers (!UNKNOWN)
'''

EXAMPLES = r'''
- name: Apply the database profile and persist it for the next boot
  stortune.storage.stortune_apply:
    profile: database
    persist: true

- name: Apply only to the data disks, measuring each change
  stortune.storage.stortune_apply:
    profile: database
    devices: [nvme1n1, nvme2n1]
    validate: true
    validate_target: /srv/db

- name: Undo everything stortune applied
  stortune.storage.stortune_apply:
    state: reverted
    all: true
'''

RETURN = r'''
changes:
  description:
    - With I(state=applied), the plan's items (C(apply --json) C(changes)), each with C(id), C(target), C(knob),
      C(current), C(recommended), C(rule), C(risk) and C(status) (C(done), C(pending) in check mode,
      C(rolled back), C(manual), ...).
  returned: state is applied
  type: list
  elements: dict
  sample: [{"id": "nvme0n1:queue/read_ahead_kb", "target": "nvme0n1", "knob": "queue/read_ahead_kb",
            "current": "128", "recommended": "32", "rule": "ra-random", "status": "done"}]
held:
  description: Items apply held back, with the reason and the option that would apply them.
  returned: state is applied
  type: list
  elements: dict
advice:
  description: Advice that stortune never applies.
  returned: state is applied
  type: list
  elements: dict
journal:
  description: The number of the journal this apply wrote, or null when nothing changed.
  returned: state is applied
  type: int
  sample: 1
persisted:
  description: Files written by I(persist) (paths inside the root), only those that changed.
  returned: state is applied
  type: list
  elements: str
  sample: ["/etc/udev/rules.d/69-stortune.rules", "/etc/sysctl.d/60-stortune.conf"]
persisted_udev:
  description: Whether a udev rules file changed (the role then runs C(udevadm trigger)).
  returned: state is applied
  type: bool
persisted_sysctl:
  description: Whether a sysctl.d file changed (the role then runs C(sysctl --system)).
  returned: state is applied
  type: bool
not_persisted:
  description: What I(persist) could not persist, and why (each also a warning), as C({device, reason}).
  returned: state is applied
  type: list
  elements: dict
rolled_back:
  description: The ids of the changes that validation rolled back (stortune exited 3).
  returned: state is applied
  type: list
  elements: str
journals:
  description: With I(state=reverted), each journal undone with its per-item rows (C(revert --json)).
  returned: state is reverted
  type: list
  elements: dict
exit_code:
  description:
    - stortune's exit code, 0, 2 (check mode, changes pending) or 3 (validation rolled back a change).
    - Not called C(rc) - Ansible takes an C(rc) other than 0 to mean failure.
  returned: always
  type: int
  sample: 0
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.stortune.storage.plugins.module_utils.stortune import (
    RC_OK, RC_PENDING, RC_ROLLED_BACK, Stortune, common_args, device_args, knob_diff)

# option -> flag of stortune apply
_APPLY_FLAGS = (('persist', '--persist'), ('remount', '--remount'),
                ('allow_durability_risk', '--allow-durability-risk'), ('force', '--force'),
                ('validate', '--validate'))
_APPLY_VALUES = (('validate_target', '--target'), ('validate_runtime', '--runtime'))


def apply_args(params, dry_run):
    args = ['--profile', params['profile']]
    for key, flag in _APPLY_FLAGS:
        if params[key] and not (dry_run and key == 'validate'):
            args.append(flag)
    if params['validate'] and not dry_run:
        for key, flag in _APPLY_VALUES:
            if params[key] is not None:
                args += [flag, str(params[key])]
    if dry_run:
        args.append('--dry-run')
    return args + device_args(params)


def applied(module, st):
    p = module.params
    check = module.check_mode
    ok = (RC_OK, RC_PENDING) if check else (RC_OK, RC_ROLLED_BACK)
    rc, doc, warnings = st.run('apply', apply_args(p, check), ok=ok)
    st.warn(warnings)
    changes = doc.get('changes', [])
    made = ('pending',) if check else ('done', 'rolled back')
    touched = [c for c in changes if c.get('status') in made]
    rolled_back = [c['id'] for c in changes if c.get('status') == 'rolled back']
    if rc == RC_ROLLED_BACK:
        module.warn('stortune apply --validate rolled back %d change(s) that made their workload slower: %s'
                    % (len(rolled_back), ', '.join(rolled_back) or 'see changes'))
    for c in changes:
        if c.get('status') == 'manual':
            module.warn('%s: %s was changed by hand since the last apply; left alone (force: true changes it)'
                        % (c.get('target'), c.get('knob')))
    for w in doc.get('persist_warnings') or []:
        module.warn('persist: %s: %s' % (w.get('device'), w.get('reason')))
    for w in doc.get('not_persisted') or []:
        module.warn('not persisted: %s: %s' % (w.get('device'), w.get('reason')))
    persisted = doc.get('persisted') or []
    result = dict(
        changed=bool(touched) or rc == RC_ROLLED_BACK or bool(persisted),
        exit_code=rc, changes=changes, held=doc.get('held', []), advice=doc.get('advice', []),
        journal=doc.get('journal'), persisted=persisted,
        persisted_udev=any('/udev/' in f for f in persisted),
        persisted_sysctl=any('/sysctl.d/' in f for f in persisted),
        not_persisted=doc.get('not_persisted', []), rolled_back=rolled_back,
    )
    if module._diff:
        result['diff'] = knob_diff(touched, 'stortune %s' % p['profile'])
    module.exit_json(**result)


def reverted(module, st):
    p = module.params
    if module.check_mode:
        dummy, status, warnings = st.run('status', ok=(RC_OK, RC_PENDING))
        st.warn(warnings)
        active = [j for j in status.get('journals', []) if j.get('phase') != 'reverted']
        if not p['all']:
            active = active[:1]  # status lists the newest first
        module.exit_json(changed=bool(active), exit_code=0, journals=active)
    args = (['--all'] if p['all'] else []) + (['--force'] if p['force'] else [])
    rc, doc, warnings = st.run('revert', args)
    st.warn(warnings)
    journals = doc.get('journals', [])
    restored = sum(j.get('restored') or 0 for j in journals)
    for j in journals:
        if j.get('manual'):
            module.warn('journal %s: %d value(s) changed by hand were left alone (force: true reverts them)'
                        % (j.get('journal'), j['manual']))
    module.exit_json(changed=restored > 0 or bool(journals), exit_code=rc, journals=journals)


def main():
    module = AnsibleModule(
        argument_spec=common_args(
            state=dict(type='str', choices=['applied', 'reverted'], default='applied'),
            profile=dict(type='str'),
            devices=dict(type='list', elements='str', default=[]),
            persist=dict(type='bool', default=False),
            remount=dict(type='bool', default=False),
            allow_durability_risk=dict(type='bool', default=False),
            force=dict(type='bool', default=False),
            validate=dict(type='bool', default=False),
            validate_target=dict(type='path'),
            validate_runtime=dict(type='int'),
            all=dict(type='bool', default=False),
        ),
        required_if=[('state', 'applied', ('profile',))],
        supports_check_mode=True,
    )
    st = Stortune(module)
    if module.params['state'] == 'applied':
        applied(module, st)
    else:
        reverted(module, st)


if __name__ == '__main__':
    main()
