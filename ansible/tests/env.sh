# shellcheck shell=sh
# Sourced by tests/t_ansible*.sh after $tmp (the test's temp dir) and $top
# are set.  Skips (exit 0, "SKIP: ...") without ansible-playbook.  Keeps all
# of ansible's own files (its home, temp dirs, retry files, fact cache, ssh
# control sockets) inside $tmp/ansible: nothing in ~/.ansible or the
# checkout; bytecode is not written next to the collection's sources.
# Gives: $inv (an inventory with localhost, connection local) and the
# functions play LOG ARGS... (ansible-playbook ARGS, output in LOG, exit code
# returned), ansible_doc ARGS... and recap LOG HOST (that host's PLAY RECAP counters).
if ! command -v ansible-playbook >/dev/null 2>&1; then
	echo "SKIP: ansible-playbook is missing (the Debian package ansible-core; .ci/install-deps installs it)"
	exit 0
fi
ah=$tmp/ansible
mkdir -p "$ah/home" "$ah/tmp" "$ah/remote" "$ah/cp"
printf '[defaults]\n' >"$ah/ansible.cfg"
export ANSIBLE_CONFIG="$ah/ansible.cfg" ANSIBLE_HOME="$ah" ANSIBLE_LOCAL_TEMP="$ah/tmp"
export ANSIBLE_REMOTE_TEMP="$ah/remote" ANSIBLE_SSH_CONTROL_PATH_DIR="$ah/cp"
export ANSIBLE_PERSISTENT_CONTROL_PATH_DIR="$ah/cp" ANSIBLE_GALAXY_CACHE_DIR="$ah/galaxy"
export ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_FACT_CACHING=memory ANSIBLE_NOCOLOR=1
export ANSIBLE_FORCE_COLOR=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_HOST_KEY_CHECKING=0
export ANSIBLE_COLLECTIONS_PATH="$top/ansible" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=0
export PYTHONDONTWRITEBYTECODE=1
unset ANSIBLE_LOG_PATH ANSIBLE_INVENTORY ANSIBLE_ROLES_PATH ANSIBLE_COLLECTIONS_PATHS
inv=$ah/inventory
printf 'localhost ansible_connection=local ansible_python_interpreter=%s\n' \
	"$(command -v python3)" >"$inv"

# play LOG ARGS...: ansible-playbook ARGS with HOME in $tmp and a UTF-8 locale
# (ansible refuses others), output in LOG
play() {
	log=$1
	shift
	HOME="$ah/home" LC_ALL=C.UTF-8 ansible-playbook "$@" >"$log" 2>&1
}

# ansible_doc ARGS...: ansible-doc ARGS, as play runs ansible-playbook
ansible_doc() {
	HOME="$ah/home" LC_ALL=C.UTF-8 ansible-doc "$@"
}

# recap LOG HOST: "ok=N changed=N unreachable=N failed=N ..." of HOST in LOG
recap() {
	sed -n "s/^$2  *: \(ok=.*[^ ]\) *\$/\1/p" "$1" | tr -s ' '
}
