"""Running ansible-playbook for the fleet, and reading its recap.

Every file Ansible writes on the controller (control sockets, temp folders) goes
under the fleet's folder, so fleet-down can remove it; the SSH key and the
known_hosts made at fleet-up are handed to ssh here, not in the inventory, so
the inventory stays the same file a person would write.
"""

import os
import re
import shutil
import subprocess
import sys

from fleet import keys, paths

RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def environment() -> dict:
    home = paths.fleet_dir() / "ansible"
    ssh = keys.ssh_dir()
    return {
        **os.environ,
        "ANSIBLE_CONFIG": str(paths.FLEET / "ansible.cfg"),
        "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_SSH_CONTROL_PATH_DIR": str(home / "cp"),
        "ANSIBLE_PRIVATE_KEY_FILE": str(ssh / "id_ed25519"),
        "ANSIBLE_SSH_COMMON_ARGS": f"-o UserKnownHostsFile={ssh / 'known_hosts'} -o StrictHostKeyChecking=yes",
        "ANSIBLE_REMOTE_USER": "root",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "PYTHONUNBUFFERED": "1",
    }


def ansible_bin(name: str) -> str:
    return os.path.join(os.path.dirname(sys.executable), name)


def lab_variables(release: str) -> list:
    """What fleet-up hands every playbook: the release, the controller's folder, the shared Python."""
    from stacks.runner.paths import extra_venv_dir, reachable, venv_dir

    return [
        "-e",
        f"release={release}",
        "-e",
        f"fleet_files={paths.fleet_dir()}",
        "-e",
        f"python_env={reachable(venv_dir())}",
        "-e",
        f"bugsink_env={reachable(extra_venv_dir('bugsink'))}",
    ]


def inventory_args() -> list:
    """``-i`` for an inventory other than the lab's (``FLEET_INVENTORY``): Ansible reads it from a
    copy in the fleet's folder with the lab's group_vars beside it, which later commands use too."""
    used, record = paths.inventory(), paths.used_inventory()
    if used == paths.INVENTORY:
        record.unlink(missing_ok=True)
        return []
    if used != record:
        record.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(used, record)
    group_vars = record.parent / "group_vars"
    if not group_vars.exists():
        group_vars.symlink_to(paths.INVENTORY.parent / "group_vars")
    return ["-i", str(record)]


def play(playbook: str, *extra: str) -> dict:
    """Run a playbook of fleet/, streaming its output; return {host: (ok, changed, unreachable, failed)}."""
    command = [ansible_bin("ansible-playbook"), playbook, *inventory_args(), *extra]
    process = subprocess.Popen(
        command, cwd=paths.FLEET, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = []
    for line in process.stdout:
        sys.stdout.write(line)
        output.append(line)
    if process.wait() != 0:
        raise SystemExit(
            f"fleet: error: ansible-playbook {playbook} failed (exit {process.returncode}); see its output above"
        )
    recap = {m[0]: tuple(int(x) for x in m[1:]) for m in RECAP.findall("".join(output))}
    return recap


def close_connections() -> None:
    """End the SSH control masters Ansible left (ControlPersist) by asking each to exit."""
    folder = paths.fleet_dir() / "ansible" / "cp"
    for socket in folder.glob("*") if folder.is_dir() else []:
        subprocess.run(["ssh", "-o", f"ControlPath={socket}", "-O", "exit", "fleet"], capture_output=True)
